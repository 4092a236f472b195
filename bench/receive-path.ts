import { encodeDeliveryText } from '../harness/load/delivery/codec.js';
import { DeliveryTracker, deliveryBarrier } from '../harness/load/delivery/tracker.js';
import { newHistogram, recordMs } from '../harness/load/histograms.js';
import { monotonicMs } from '../harness/load/monotonic.js';

export interface ReceivePathRow {
  run: number;
  floorNsPerReceipt: number;
  loadNsPerReceipt: number;
}

/** `message` events as the reference server writes them, as the bytes a socket hands over: `messages` × `members`. */
function framesOf(messages: number, members: number, text: (seq: number, dueUs: number) => string): Buffer[] {
  const frames: Buffer[] = [];
  const dueUs = Math.round(monotonicMs() * 1000);
  for (let seq = 0; seq < messages; seq++) {
    const ts = `1764000000.${String(seq).padStart(6, '0')}`;
    const frame = Buffer.from(
      JSON.stringify({
        type: 'message',
        channel: `CFAN0000${seq % 2}`,
        user: 'UFAN00001',
        text: text(seq, dueUs + seq * 10_000),
        ts,
        team: 'T0RTMCONF',
        source_team: 'T0RTMCONF',
      }),
    );
    for (let m = 0; m < members; m++) frames.push(frame);
  }
  return frames;
}

/** This process's CPU time in µs (user + system): time other processes take from the core is not counted. */
function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * What a receipt costs on the client side alone, without the network or the server: the floor's handler (read the
 * clock, parse, record now − due) beside the load module's (read the clock, parse, match the stamp to its step and
 * recipient, duplicates, ts order, record), over the same stream of 100 × `messages` frames. Each run interleaves
 * the two in chunks of 5 000 frames (which goes first alternating) and counts this process's CPU time, not wall
 * time: on a shared machine, another process's burst then lands on neither side.
 */
export function compareReceivePaths(messages: number, runs: number): ReceivePathRow[] {
  const members = 100;
  const chunk = 5000;
  const floorFrames = framesOf(messages, members, (_seq, dueUs) => `f ${dueUs}`);
  const loadFrames = framesOf(messages, members, (seq, dueUs) =>
    encodeDeliveryText({ step: 0, sender: 0, seq, dueUs, lagUs: 12 }),
  );
  const toMonotonicMs = monotonicMs() - performance.now();
  const recipients = Array.from({ length: members }, (_, k) => ({ k }));
  const rows: ReceivePathRow[] = [];
  for (let run = 0; run <= runs; run++) {
    const floorHistogram = newHistogram();
    const tracker = new DeliveryTracker(
      { channels: ['CFAN00000'], sender: 0, senders: 1, barrier: deliveryBarrier() },
      60_000,
      1,
    );
    tracker.beginStep(0);
    const floor = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const now = performance.now();
        const frame = JSON.parse(floorFrames[i].toString()) as { type?: string; text?: string };
        if (frame.type !== 'message' || typeof frame.text !== 'string') continue;
        recordMs(floorHistogram, now + toMonotonicMs - Number(frame.text.slice(2)) / 1000);
      }
    };
    const load = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const now = performance.now();
        const frame = JSON.parse(loadFrames[i].toString()) as Record<string, unknown>;
        if (frame?.type === 'message') tracker.receive(recipients[i % members], frame, now);
      }
    };
    let floorUs = 0;
    let loadUs = 0;
    for (let from = 0, k = 0; from < floorFrames.length; from += chunk, k++) {
      const to = Math.min(from + chunk, floorFrames.length);
      for (const side of k % 2 === 0 ? ['floor', 'load'] : ['load', 'floor']) {
        const t = cpuUs();
        if (side === 'floor') floor(from, to);
        else load(from, to);
        if (side === 'floor') floorUs += cpuUs() - t;
        else loadUs += cpuUs() - t;
      }
    }
    floorHistogram.destroy();
    tracker.result(0);
    // Run 0 warms both paths up (JIT) and is not reported.
    if (run > 0)
      rows.push({
        run,
        floorNsPerReceipt: (floorUs * 1000) / floorFrames.length,
        loadNsPerReceipt: (loadUs * 1000) / loadFrames.length,
      });
  }
  return rows;
}
