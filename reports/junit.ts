import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult, RunEvent } from '../harness/runner/events.js';
import type { Reporter } from './reporter.js';

/** XML 1.0 text: escaped, and without the control characters XML cannot carry at all. */
export function xml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 forbids are what this replaces
      .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function testcase(r: CheckResult): string {
  const seconds = (r.durationMs / 1000).toFixed(3);
  const head = `    <testcase classname="rtm-conformance.${xml(r.suite)}" name="${xml(r.id)}" time="${seconds}">`;
  const props = [
    `      <properties>`,
    `        <property name="level" value="${xml(r.level)}"/>`,
    `        <property name="status" value="${r.status}"/>`,
    `        <property name="clause" value="${xml(r.clause)}"/>`,
    `        <property name="source" value="${xml(r.source)}"/>`,
    `      </properties>`,
  ];
  const detail = [
    `${r.message}`,
    `expected: ${r.expected.join(' | ')}`,
    `actual: ${r.actual}`,
    r.counterexample ? `counterexample: ${r.counterexample}` : '',
    r.replay ? `replay: ${r.replay}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const body: string[] = [];
  if (r.status === 'fail')
    body.push(`      <failure message="${xml(r.message)}" type="${r.level}">${xml(detail)}</failure>`);
  else if (r.status === 'error')
    body.push(`      <error message="${xml(r.message)}" type="harness">${xml(detail)}</error>`);
  else if (r.status === 'skip') body.push(`      <skipped message="${xml(r.message)}"/>`);
  if (r.status === 'warn' || r.status === 'info')
    body.push(`      <system-out>${xml(`${r.status.toUpperCase()}: ${detail}`)}</system-out>`);
  return [head, ...props, ...body, '    </testcase>'].join('\n');
}

/** junit.xml: a testsuite per suite, a testcase per check; seed and replay where CI test viewers show them. */
export function junitReporter(out: string): Reporter {
  return {
    async onEvent(e: RunEvent) {
      if (e.type !== 'run-end') return;
      const bySuite = new Map<string, CheckResult[]>();
      for (const r of e.results) bySuite.set(r.suite, [...(bySuite.get(r.suite) ?? []), r]);
      const count = (rs: CheckResult[], s: CheckResult['status']) => rs.filter((r) => r.status === s).length;
      const suites = [...bySuite].map(([name, rs]) => {
        const time = (rs.reduce((t, r) => t + r.durationMs, 0) / 1000).toFixed(3);
        return [
          `  <testsuite name="${xml(name)}" tests="${rs.length}" failures="${count(rs, 'fail')}" errors="${count(rs, 'error')}" skipped="${count(rs, 'skip')}" time="${time}" timestamp="${xml(e.info.startedAt.replace(/Z$/, ''))}">`,
          `    <properties>`,
          `      <property name="seed" value="${e.info.seed}"/>`,
          `      <property name="target" value="${xml(e.info.target.api)}"/>`,
          `    </properties>`,
          ...rs.map(testcase),
          '  </testsuite>',
        ].join('\n');
      });
      const all = e.results;
      const text = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="rtm-conformance" tests="${all.length}" failures="${count(all, 'fail')}" errors="${count(all, 'error')}" skipped="${count(all, 'skip')}" time="${(e.durationMs / 1000).toFixed(3)}">`,
        ...suites,
        '</testsuites>',
        '',
      ].join('\n');
      await mkdir(out, { recursive: true });
      await writeFile(join(out, 'junit.xml'), text);
    },
  };
}
