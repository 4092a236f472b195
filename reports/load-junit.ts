import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadReport } from '../harness/load/run-load.js';
import { xml } from './junit.js';
import { deliveryProperties } from './load-delivery.js';

/** junit.xml for a load run: a testcase per threshold (a broken one is a failure). */
export async function writeLoadJunit(out: string, report: LoadReport): Promise<void> {
  const failures = report.thresholds.filter((t) => !t.ok).length;
  const cases = report.thresholds.map((t) => {
    const head = `    <testcase classname="rtm-conformance.load" name="${xml(t.expr)}" time="0">`;
    const body = t.ok
      ? ''
      : `\n      <failure message="${xml(`${t.expr} broken: actual ${t.actual}`)}" type="threshold">${xml(`actual ${t.actual}`)}</failure>`;
    return `${head}${body}\n    </testcase>`;
  });
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="rtm-conformance load" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="load" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    ...deliveryProperties(report),
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'junit.xml'), text);
}
