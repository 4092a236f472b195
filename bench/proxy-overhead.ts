import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { rtmConnect } from '../harness/session/rtm-connect.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSX = pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href;
const TOKEN = 'xoxp-1000-alice-reference';
const CHANNEL = 'C0GENERAL';

interface Child {
  proc: ChildProcess;
  apiUrl: string;
  cpuUs(): Promise<number>;
}

async function startChild(...args: string[]): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', TSX, `${ROOT}bench/proxy-child.ts`, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const queue: ((line: string) => void)[] = [];
  createInterface({ input: proc.stdout! }).on('line', (line) => queue.shift()?.(line));
  const next = () => new Promise<string>((resolve) => queue.push(resolve));
  const { apiUrl } = JSON.parse(await next()) as { apiUrl: string };
  return {
    proc,
    apiUrl,
    async cpuUs() {
      const reply = next();
      proc.stdin!.write('cpu\n');
      return (JSON.parse(await reply) as { cpuUs: number }).cpuUs;
    },
  };
}

/** A connection that sends one frame at a time and times its answer (hrtime, µs). */
async function openTimed(apiUrl: string, upstreamApi?: string) {
  let url = apiUrl.startsWith('ws') ? apiUrl : (await rtmConnect({ apiUrl: upstreamApi ?? apiUrl, token: TOKEN })).url;
  // Through the TCP pipe: the server's own socket URL, at the pipe's port.
  if (apiUrl.startsWith('tcp:')) url = url.replace(/:\d+\//, `:${new URL(apiUrl).port}/`);
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve()); // hello
    ws.once('error', reject);
  });
  let id = 0;
  let waiting: ((at: bigint) => void) | undefined;
  let awaitedId = 0;
  ws.on('message', (data) => {
    const reply = JSON.parse(String(data)) as { reply_to?: number };
    if (reply.reply_to === awaitedId) waiting?.(process.hrtime.bigint());
  });
  return {
    /** Round trip of one frame (a ping, or a message and its ack), µs. */
    async roundTrip(kind: 'ping' | 'message'): Promise<number> {
      awaitedId = ++id;
      const answered = new Promise<bigint>((resolve) => (waiting = resolve));
      const sent = process.hrtime.bigint();
      ws.send(
        JSON.stringify(
          kind === 'ping' ? { id, type: 'ping' } : { id, type: 'message', channel: CHANNEL, text: `m${id}` },
        ),
      );
      return Number((await answered) - sent) / 1000;
    },
    close: () => ws.close(),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export interface Latency {
  p50Us: number;
  p99Us: number;
}

export interface ProxyOverhead {
  frames: number;
  kind: 'ping' | 'message';
  /** Round trips: straight to the server, through a TCP byte pipe, the minimal ws relay (the floor), the proxy. */
  direct: Latency;
  pipe: Latency;
  floor: Latency;
  proxied: Latency;
  /** Added per relayed frame: half the added round trip (a round trip crosses the relay twice). */
  addedPerFrame: { pipe: Latency; floor: Latency; proxy: Latency };
  /** CPU per relayed frame of the floor and of the proxy, and of the server per frame it handled, same traffic. */
  cpuUsPerFrame: { floor: number; proxy: number; server: number };
}

type Path = 'direct' | 'pipe' | 'floor' | 'proxied';

/**
 * Latency the proxy adds per frame and the CPU it spends, on loopback: one connection straight to the reference
 * server, one through a TCP byte pipe, one through the least a WebSocket relay does (the floor) and one through the proxy (each in its own process), used in
 * alternating blocks of one-at-a-time round trips, so that the machine's drift falls on all alike. Bounded: `blocks`
 * × `perBlock` round trips on each.
 */
export async function measureProxyOverhead(
  kind: 'ping' | 'message',
  blocks: number,
  perBlock: number,
): Promise<ProxyOverhead> {
  const server = await startChild('server');
  const pipe = await startChild('pipe', server.apiUrl);
  const floor = await startChild('floor', server.apiUrl);
  const proxy = await startChild('proxy', server.apiUrl);
  try {
    const conns = {
      direct: await openTimed(server.apiUrl),
      pipe: await openTimed(pipe.apiUrl, server.apiUrl),
      floor: await openTimed(floor.apiUrl),
      proxied: await openTimed(proxy.apiUrl),
    };
    const paths = Object.keys(conns) as Path[];
    for (const path of paths) for (let i = 0; i < 200; i++) await conns[path].roundTrip(kind); // warm-up (JIT)
    const times: Record<Path, number[]> = { direct: [], pipe: [], floor: [], proxied: [] };
    const cpu = { floor: 0, proxy: 0, server: 0 };
    for (let b = 0; b < blocks; b++)
      for (const path of paths) {
        const before = [await floor.cpuUs(), await proxy.cpuUs(), await server.cpuUs()];
        for (let i = 0; i < perBlock; i++) times[path].push(await conns[path].roundTrip(kind));
        const after = [await floor.cpuUs(), await proxy.cpuUs(), await server.cpuUs()];
        if (path === 'floor') cpu.floor += after[0] - before[0];
        if (path === 'proxied') cpu.proxy += after[1] - before[1];
        if (path === 'direct') cpu.server += after[2] - before[2];
      }
    for (const path of paths) conns[path].close();
    const sorted = Object.fromEntries(paths.map((p) => [p, times[p].sort((a, b) => a - b)])) as Record<Path, number[]>;
    const at = (path: Path, p: number) => percentile(sorted[path], p);
    const stats = (path: Path): Latency => ({ p50Us: Math.round(at(path, 50)), p99Us: Math.round(at(path, 99)) });
    const added = (path: Path): Latency => ({
      p50Us: Math.round((at(path, 50) - at('direct', 50)) / 2),
      p99Us: Math.round((at(path, 99) - at('direct', 99)) / 2),
    });
    const frames = blocks * perBlock;
    // A round trip is two frames relayed, or, for the server, one handled and one answered.
    const perFrame = (us: number) => Math.round((10 * us) / (2 * frames)) / 10;
    return {
      frames,
      kind,
      direct: stats('direct'),
      pipe: stats('pipe'),
      floor: stats('floor'),
      proxied: stats('proxied'),
      addedPerFrame: { pipe: added('pipe'), floor: added('floor'), proxy: added('proxied') },
      cpuUsPerFrame: { floor: perFrame(cpu.floor), proxy: perFrame(cpu.proxy), server: perFrame(cpu.server) },
    };
  } finally {
    for (const c of [proxy, floor, pipe, server]) c.proc.stdin!.write('exit\n');
  }
}
