import { describe, expect, it } from 'vitest';
import type { Check } from '../../../harness/check/check.js';
import type { RunOptions } from '../../../harness/config/resolve.js';
import { Redactor } from '../../../harness/redact.js';
import { ServerSide } from '../../../harness/target/server-side.js';
import type { Target } from '../../../harness/target/target.js';

function sideWith(tokens: number): ServerSide {
  const target: Target = {
    apiUrl: 'http://127.0.0.1:9/api/',
    tokens: Array.from({ length: tokens }, (_, i) => `xoxp-${i}`),
    channel: 'C1',
    embedded: true,
    faults: [],
    redactor: new Redactor(),
    close: async () => undefined,
  };
  return new ServerSide(target, {
    timeouts: {},
    expect: { urlTtlSec: 30, maxMessageBytes: 16384 },
  } as unknown as RunOptions);
}

const needs = (n: Check['needs']) => ({ needs: n }) as Check;

describe('server side: which users a check holds', () => {
  it('shares the users a check uses and owns those it judges; -1 is the last user, whatever the count', () => {
    const presence = needs({ tokens: 2, connections: 3, rtmConnects: 3, owns: [-1] });
    expect(sideWith(2).claims(presence)).toEqual([
      { resource: 'user 0', exclusive: false },
      { resource: 'user 1', exclusive: true },
      { resource: 'channel', exclusive: false },
    ]);
    expect(sideWith(3).claims(presence)).toEqual([
      { resource: 'user 0', exclusive: false },
      { resource: 'user 1', exclusive: false },
      { resource: 'user 2', exclusive: true },
      { resource: 'channel', exclusive: false },
    ]);
    expect(sideWith(3).claims(needs({ tokens: 1, connections: 1, rtmConnects: 1, channel: 'none' }))).toEqual([
      { resource: 'user 0', exclusive: false },
    ]);
  });

  it('owns the channel for a check that judges its sequence, and shares it by default', () => {
    const claims = (channel?: 'owns' | 'shared') =>
      sideWith(1).claims(needs({ tokens: 1, connections: 1, rtmConnects: 1, channel }));
    expect(claims('owns')).toContainEqual({ resource: 'channel', exclusive: true });
    expect(claims()).toContainEqual({ resource: 'channel', exclusive: false });
  });
});
