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

  it('runs 4 shards that start together, merges them losslessly as one 4-connection run counts, and refuses shards that did not overlap', {
    timeout: 150_000,
  }, async () => {
    const outs = [tmp(), tmp(), tmp(), tmp()];
    const [m, single] = [tmp(), tmp()];
    const args = [
      'load',
      '--rate',
      '400',
      '--duration',
      '3',
      '--warmup',
      '0',
      '--connections',
      '4',
      '--threshold',
      'missing==0',
      // Not the rtm.connect HTTP step: five runs of 3 s each on two cores, and the first test covers it.
      '--no-connect-rate',
    ];
    // An instant far enough ahead for four processes to start their servers and connect on two busy cores, and
    // steps of 3 s: a shard that still comes late (a loaded machine) overlaps the others instead of being refused.
    const at = new Date(performance.timeOrigin + performance.now() + 15_000).toISOString();
    const shards = await Promise.all(
      outs.map((out, k) =>
        runCli([...args, '--shard', `${k + 1}/4`, '--start-at', at, '--out', out], { timeoutMs: 90_000 }),
      ),
    );
    for (const r of shards) expect(r.code, r.stderr).toBe(0);
    const merge = await runCli(['merge', ...outs, '--out', m, '--threshold', 'p50<1us']);
    expect(merge.code, merge.stderr).toBe(1);
    expect(merge.stdout).toMatch(/shards began the first step within [\d.]+ ms: 1\/4 \+[\d.]+ ms, 2\/4/);
    const parts = outs.map((o) => JSON.parse(readFileSync(join(o, 'load.json'), 'utf8')) as LoadReport);
    const all = JSON.parse(readFileSync(join(m, 'load.json'), 'utf8')) as LoadReport;
    expect(parts.map((p) => p.steps[0].targetRate)).toEqual([100, 100, 100, 100]);
    expect(parts.every((p) => p.config.startAt === at)).toBe(true);
    expect(all.shardSkew?.map((k) => k.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
    const sum = (f: (p: LoadReport) => number) => parts.reduce((a, p) => a + f(p), 0);
    expect(all.steps[0].counters.sent).toBe(sum((p) => p.steps[0].counters.sent));
    expect(all.steps[0].corrected.count).toBe(sum((p) => p.steps[0].corrected.count));
    const direct = merged(parts.flatMap((p) => p.steps[0].histograms.corrected));
    expect(all.thresholds[0].actual).toBe(direct.getValueAtPercentile(50));
    // One run of all four connections at the whole rate sends and has acked what the four shards did together.
    expect((await runCli([...args, '--out', single], { timeoutMs: 90_000 })).code).toBe(0);
    const one = JSON.parse(readFileSync(join(single, 'load.json'), 'utf8')) as LoadReport;
    expect([all.steps[0].counters.sent, all.steps[0].counters.acked]).toEqual([
      one.steps[0].counters.sent,
      one.steps[0].counters.acked,
    ]);

    // Shards that did not run together cannot be one run: shard 2's step moved to after the others ended.
    const late = tmp();
    const moved = {
      ...parts[1],
      steps: parts[1].steps.map((st) => ({
        ...st,
        startedAtMs: st.endedAtMs! + 10_000,
        endedAtMs: st.endedAtMs! + 11_000,
      })),
    };
    writeFileSync(join(late, 'load.json'), JSON.stringify(moved));
    const refused = await runCli(['merge', outs[0], late, '--out', tmp()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(
      /merge: step 1 of shard 2\/4 began \d+ ms after shard 1\/4 had ended it: .*--start-at/,
    );
  });

  it('runs a ramp as steps, each with its own results (and no rtm.connect HTTP step with --no-connect-rate)', async () => {
    const out = tmp();
    const run = await runCli(
      [
        'load',
        '--ramp',
        '200:400:2',
        '--duration',
        '1',
        '--warmup',
        '0',
        '--connections',
        '2',
        '--no-connect-rate',
        '--out',
        out,
      ],
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
    expect(report.connectRate).toBeUndefined();
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
