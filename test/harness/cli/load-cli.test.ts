import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { merged } from '../../../harness/load/histograms.js';
import { mergeShards } from '../../../harness/load/merge-shards.js';
import { readIntervalLog } from '../../../harness/load/outputs.js';
import type { LoadReport } from '../../../harness/load/run-load.js';
import { runCli } from '../../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rtmc-load-'));

describe('load CLI', () => {
  it('writes load.json, latency.hgrm, latency.hlog and junit.xml, and exits 1 when a threshold breaks', async () => {
    const out = tmp();
    const run = await runCli(
      [
        'load',
        '--rate',
        '400',
        '--duration',
        '2',
        '--warmup',
        '0',
        '--connections',
        '2',
        '--threshold',
        'p50<1us',
        '--threshold',
        'missing==0',
        '--out',
        out,
      ],
      { timeoutMs: 90_000 },
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('threshold p50<1us: BROKEN');
    const report = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8'));
    expect(report.target.embedded).toBe(true);
    expect(report.steps[0]).toMatchObject({ targetRate: 400, counters: { sent: 800, acked: 800, missing: 0 } });
    expect(report.steps[0].corrected.p50).toBeGreaterThan(0);
    expect(report.thresholds).toEqual([
      { expr: 'p50<1us', actual: report.steps[0].corrected.p50, ok: false },
      { expr: 'missing==0', actual: 0, ok: true },
    ]);
    expect(report.connectRate.requestsPerSec).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'latency.hgrm'), 'utf8')).toMatch(/Value\s+Percentile\s+TotalCount/);
    const log = readIntervalLog(readFileSync(join(out, 'latency.hlog'), 'utf8'));
    expect(merged(log.get('corrected')!).totalCount).toBe(800);
    expect(merged(log.get('raw')!).totalCount).toBe(800);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<failure message="p50&lt;1us broken');
  });

  it('runs shards and merges them losslessly, judging thresholds on the merged histogram', async () => {
    const [a, b, m] = [tmp(), tmp(), tmp()];
    const args = [
      'load',
      '--rate',
      '400',
      '--duration',
      '1',
      '--warmup',
      '0',
      '--connections',
      '2',
      '--threshold',
      'missing==0',
    ];
    expect((await runCli([...args, '--shard', '1/2', '--out', a], { timeoutMs: 90_000 })).code).toBe(0);
    expect((await runCli([...args, '--shard', '2/2', '--out', b], { timeoutMs: 90_000 })).code).toBe(0);
    const merge = await runCli(['merge', a, b, '--out', m, '--threshold', 'p50<1us']);
    expect(merge.code).toBe(1);
    const shardA = JSON.parse(readFileSync(join(a, 'load.json'), 'utf8'));
    const shardB = JSON.parse(readFileSync(join(b, 'load.json'), 'utf8'));
    const all = JSON.parse(readFileSync(join(m, 'load.json'), 'utf8'));
    expect(shardA.steps[0].targetRate + shardB.steps[0].targetRate).toBe(400);
    expect(all.steps[0].counters.sent).toBe(shardA.steps[0].counters.sent + shardB.steps[0].counters.sent);
    expect(all.steps[0].corrected.count).toBe(shardA.steps[0].corrected.count + shardB.steps[0].corrected.count);
    const direct = merged([...shardA.steps[0].histograms.corrected, ...shardB.steps[0].histograms.corrected]);
    expect(all.thresholds[0].actual).toBe(direct.getValueAtPercentile(50));
  });

  it('runs a ramp as steps, each with its own results', async () => {
    const out = tmp();
    const run = await runCli(
      ['load', '--ramp', '200:400:2', '--duration', '1', '--warmup', '0', '--connections', '2', '--out', out],
      { timeoutMs: 90_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8'));
    expect(
      report.steps.map((s: { targetRate: number; counters: { sent: number } }) => [s.targetRate, s.counters.sent]),
    ).toEqual([
      [200, 200],
      [400, 400],
    ]);
  });

  it('refuses a target off the loopback without --allow-remote, and slack.com without acknowledging its limits', async () => {
    const remote = await runCli(['load', '--api', 'http://10.9.8.7/api/', '--token', 'xoxb-1', '--channel', 'C1']);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('--allow-remote');
    const slack = await runCli([
      'load',
      '--api',
      'https://slack.com/api/',
      '--token',
      'xoxb-1',
      '--channel',
      'C1',
      '--allow-remote',
    ]);
    expect(slack.code).toBe(2);
    expect(slack.stderr).toContain('--accept-slack-rate-limits');
    const bad = await runCli(['load', '--threshold', 'p99<5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^rtm-conformance: --threshold: .*unit/);
  });

  it("refuses an unknown --fault, a --schedule it does not know, and conformance.yaml load values past the flags' bounds: one line, exit 2", async () => {
    const fault = await runCli(['load', '--fault', 'no-such-fault', '--duration', '1']);
    expect(fault.code).toBe(2);
    expect(fault.stderr.trim()).toBe(
      'rtm-conformance: --fault: unknown fault "no-such-fault" (see serve --list-faults)',
    );
    const schedule = await runCli(['load', '--schedule', 'fast', '--duration', '1']);
    expect(schedule.code).toBe(2);
    expect(schedule.stderr.trim()).toMatch(/^rtm-conformance: --schedule: expected lean or spin/);
    const dir = tmp();
    for (const [key, value] of [
      ['rate', 900000],
      ['connections', 20000],
      ['duration', 99999],
      ['warmup', 600],
    ] as const) {
      writeFileSync(join(dir, 'conformance.yaml'), `load:\n  ${key}: ${value}\n`);
      const run = await runCli(['load', '-c', join(dir, 'conformance.yaml')]);
      expect(run.code, `${key}: ${run.stderr}`).toBe(2);
      expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(run.stderr).toContain(`load.${key}`);
    }
  });
});

describe('merge', () => {
  it("sums the shards' harness memory, keeps the largest server memory and the connect-rate step", () => {
    const shard = (rss: number, server: number | null, connectRate?: object) =>
      ({
        target: {},
        config: { connections: 2, thresholds: [] },
        steps: [],
        thresholds: [],
        connectRate,
        verdict: 'pass',
        resources: {
          harnessRssStartMb: rss,
          harnessRssEndMb: rss + 1,
          serverRssStartMb: server,
          serverRssEndMb: server,
        },
      }) as unknown as LoadReport;
    const merged = mergeShards([shard(100, null), shard(120, 90, { requestsPerSec: 5 })], []);
    expect(merged.resources).toEqual({
      harnessRssStartMb: 220,
      harnessRssEndMb: 222,
      serverRssStartMb: 90,
      serverRssEndMb: 90,
    });
    expect(merged.connectRate).toEqual({ requestsPerSec: 5 });
    expect(merged.config.connections).toBe(4);
  });
});
