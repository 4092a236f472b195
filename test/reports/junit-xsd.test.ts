import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { runWithFlags } from '../helpers/run-embedded.js';
import { junitReporter } from '../../reports/junit.js';
import { writeLoadJunit } from '../../reports/load-junit.js';
import { useServers } from '../helpers/server.js';

const servers = useServers();
const XSD = readFileSync(new URL('../fixtures/junit.xsd', import.meta.url), 'utf8');

async function validate(xml: string) {
  return validateXML({
    xml: [{ fileName: 'junit.xml', contents: xml }],
    schema: [{ fileName: 'junit.xsd', contents: XSD }],
  });
}

describe('junit.xml', () => {
  it('is judged by a schema that does refuse a malformed report', async () => {
    expect((await validate('<testsuites><testsuite><testcase/></testsuite></testsuites>')).valid).toBe(false);
  });

  it('validates against the common JUnit XSD with failures, skips, warnings and hostile strings', async () => {
    // One token (multi-user checks skip) against a server whose pongs drop arguments (a failure).
    const server = await servers.start({ faults: ['pong-drops-args'] });
    const out = mkdtempSync(join(tmpdir(), 'rtmc-junit-'));
    const reporter = junitReporter(out);
    await runWithFlags(
      {
        api: server.apiUrl,
        token: [server.fixture.users[0].token],
        channel: 'C0GENERAL',
        suite: ['ping', 'typing'],
        runs: 5,
        seed: 3,
        out,
      },
      [(e) => reporter.onEvent(e)],
    );
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xml).toContain('<failure');
    expect(xml).toContain('<skipped');
    const result = await validate(xml);
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('for a load run: a testcase per threshold, valid against the XSD', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rtmc-junit-'));
    await writeLoadJunit(out, {
      thresholds: [
        { expr: 'p99<5ms', actual: 7000, ok: false },
        { expr: 'errors==0 <&>', actual: 0, ok: true },
      ],
      // A fan-out step: its delivery figures become the suite's properties.
      steps: [
        {
          delivery: {
            latency: { p50: 1, p99: 2, max: 3 },
            expected: 9,
            received: 8,
            missing: 1,
            duplicates: 0,
            order: 0,
          },
        },
      ],
    } as never);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect((await validate(xml)).valid).toBe(true);
    expect(xml).toContain('failures="1"');
    expect(xml).toContain('<property name="step1.delivery.missing" value="1"/>');
  });
});
