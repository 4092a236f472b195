import { describe, expect, it } from 'vitest';
import type { Check } from '../../../harness/check/check.js';
import { judgeEvidence } from '../../../harness/runner/evidence-rule.js';
import { Evidence } from '../../../harness/check/premise.js';
import { replayCommand } from '../../../harness/target/replay.js';
import { resolveRunOptions } from '../../../harness/config/resolve.js';
import { Redactor } from '../../../harness/redact.js';

const check = (premises: Check['premises'], otherwise?: Check['otherwise']) =>
  ({ id: 'x.y', premises, otherwise }) as Check;
const evidence = (counts: Record<string, number>) => {
  const e = new Evidence();
  for (const [k, n] of Object.entries(counts)) e.saw(k, n);
  return e;
};

describe('runner: the evidence rule', () => {
  it('passes a held finding only with every premise seen, and says how much it saw', () => {
    const out = judgeEvidence(
      check(['hello', 'ok-reply']),
      { kind: 'held', message: 'held for 20 cases' },
      evidence({ hello: 1, 'ok-reply': 143, ts: 1 }),
    );
    expect(out).toEqual({ kind: 'held', message: 'held for 20 cases: 1 hello, 143 ok replies, 1 ts compared' });
  });

  it('refuses a held finding that carries no evidence at all, even with no premise', () => {
    expect(judgeEvidence(check([]), { kind: 'held' }, new Evidence())).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('without any evidence'),
    });
  });

  it('turns a missing premise into its outcome: error naming the explaining check, skip with a hint, or fail', () => {
    expect(judgeEvidence(check(['hello', 'ok-reply']), { kind: 'held' }, evidence({ hello: 2 }))).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/^no ok:true reply .* observed \(saw 2 hellos\)$/),
      see: 'reply.correlates',
    });
    expect(judgeEvidence(check(['rate-limit']), { kind: 'held' }, evidence({ reply: 40 }))).toMatchObject({
      kind: 'skipped',
      reason: expect.stringContaining('--fault rate-limited'),
    });
    expect(
      judgeEvidence(check(['ok-reply'], { 'ok-reply': 'fail' }), { kind: 'held' }, evidence({ reply: 5 })),
    ).toMatchObject({ kind: 'broken', expected: [expect.stringContaining('ok:true reply')] });
  });

  it('refuses a held finding whose generated cases never did what the check exercises', () => {
    const pong = { id: 'ping.echoes-flat-args', premises: ['hello', 'pong'], exercises: 'arguments compared' } as Check;
    expect(judgeEvidence(pong, { kind: 'held' }, evidence({ hello: 1, pong: 3 }))).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('without any arguments compared'),
    });
    expect(
      judgeEvidence(pong, { kind: 'held' }, evidence({ hello: 1, pong: 3, 'arguments compared': 15 })),
    ).toMatchObject({ kind: 'held' });
  });

  it('leaves what is not a pass alone', () => {
    const broken = { kind: 'broken' as const, message: 'm', expected: ['e'], actual: 'a' };
    expect(judgeEvidence(check(['hello']), broken, new Evidence())).toBe(broken);
  });
});

describe('runner: replay commands', () => {
  it('name every token of a remote run by its variable, never by value', () => {
    const options = resolveRunOptions(
      { api: 'http://127.0.0.1:9/api/', token: ['xoxp-1-secret-one', 'xoxp-2-secret-two'], channel: 'C1', seed: 5 },
      {},
      '/',
    );
    const redactor = new Redactor();
    const target = {
      apiUrl: options.target.api!,
      tokens: options.target.tokens,
      channel: 'C1',
      embedded: false,
      faults: [],
      redactor,
      close: async () => undefined,
    };
    const command = replayCommand('presence.only-subscribed', options, target, '1:0');
    expect(command).toBe(
      'npx rtm-conformance run --check presence.only-subscribed --seed 5 --path 1:0 --api http://127.0.0.1:9/api/ --token "$RTM_TOKEN" --token "$RTM_TOKEN_2" --channel C1',
    );
    expect(command).not.toContain('secret');
  });
});
