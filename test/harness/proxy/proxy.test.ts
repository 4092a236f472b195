import { describe, expect, it } from 'vitest';
import { gradeRecording } from '../../../harness/proxy/grade.js';
import { FAULTS } from '../../../harness/server/faults/index.js';
import type { CheckResult } from '../../../harness/runner/events.js';
import { recordRtmApi } from './rtm-api-through-proxy.js';

const grade = async (file: string) =>
  Object.fromEntries(
    (await gradeRecording(file, { version: 'test', strict: false }, [])).results.map((r): [string, CheckResult] => [
      r.id,
      r,
    ]),
  );

/** The faults the traffic of an ordinary client reveals, each caught by `run` as its catalogue entry says. */
const REVEALED = ['event-before-hello', 'drop-ack', 'duplicate-ack', 'wrong-reply-to', 'unsortable-ts'];

describe('proxy: @slack/rtm-api 6.2.1 through the proxy, graded from the recording alone', () => {
  it('against the reference server: the server-side judges pass with what they counted, unexercised clauses skip', {
    timeout: 20_000,
  }, async () => {
    const by = await grade(await recordRtmApi([]));
    for (const id of [
      'connect.hello-first',
      'reply.correlates',
      'ids.replies-name-sent-ids',
      'ts.unique-and-ascending',
    ])
      expect(`${id} ${by[id].status}`).toBe(`${id} pass`);
    expect(by['connect.hello-first'].message).toMatch(/: 1 hello$/);
    expect(by['reply.correlates'].message).toMatch(/25 replies, 25 ok replies, 25 ts compared, 25 texts compared/);
    expect(by['ids.replies-name-sent-ids'].message).toMatch(/25 replies/);
    // The same clause as the active check: its id, level and clause text.
    expect(by['reply.correlates'].level).toBe('MUST');
    expect(by['reply.correlates'].clause).toMatch(/^All replies to that message will include this ID/);
    // A clause the traffic never exercised is a skip that says so, never a pass.
    for (const id of ['errors.shape', 'ping.bare-pong', 'size.over-limit-disconnects', 'client.ping-when-idle']) {
      expect(`${id} ${by[id].status}`).toBe(`${id} skip`);
      expect(by[id].message).toMatch(/^the relayed traffic never exercised this clause: /);
    }
    // The library sends as fast as it is asked: the client side warns, as client mode finds.
    expect(by['client.rate'].status).toBe('warn');
  });

  it(`against faulty servers (${REVEALED.join(', ')}): each fails the check \`run\` fails, with its requirement`, {
    timeout: 20_000,
  }, async () => {
    const graded = await Promise.all(
      REVEALED.map(async (fault) => [fault, await grade(await recordRtmApi([fault]))] as const),
    );
    for (const [fault, by] of graded) {
      const caught = Object.entries(FAULTS.get(fault)!.caughtBy ?? {}).filter(([id]) => id in by);
      expect(caught.length, fault).toBeGreaterThan(0);
      for (const [id, requirement] of caught)
        expect(`${fault}: ${id} ${by[id].status} ${by[id].expected.join('|')}`).toBe(
          `${fault}: ${id} fail ${requirement}`,
        );
      // Nothing else on the server's side is blamed for it.
      const others = Object.values(by).filter((r) => r.suite !== 'client' && !caught.some(([id]) => id === r.id));
      expect(others.filter((r) => r.status === 'fail').map((r) => `${fault}: ${r.id}`)).toEqual([]);
    }
  });
});
