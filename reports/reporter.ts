import type { ClientRestart, RunEvent } from '../harness/runner/events.js';

/** A listener on the run's event stream. Reporters read results; they never decide an outcome. */
export interface Reporter {
  onEvent(event: RunEvent): void | Promise<void>;
}

/** Removes terminal control sequences and other control characters a hostile target may put in a string. */
export function printable(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes from a hostile target are what this strips
      .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: OSC sequences from a hostile target are what this strips
      .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes
      .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  );
}

/** A latency in µs as ms, three decimals below 10 ms, one above. */
export function msOf(us: number): string {
  return (us / 1000).toFixed(us < 10_000 ? 3 : 1);
}

/** "client restarted (1 of at most 3) before client.echo: it exited with code 70 …; connected 312 ms later". */
export function restartLine(r: ClientRestart): string {
  const after =
    r.connectedMs === undefined ? 'no connection within the connect timeout' : `connected ${r.connectedMs} ms later`;
  return printable(`client restarted (${r.n} of at most ${r.max}) before ${r.beforeCheck}: ${r.reason}; ${after}`);
}

/** The run's client restarts, kept as they are told, for a reporter that writes the results file at the end. */
export function keepRestarts(): { note(e: RunEvent): void; into<F extends object>(file: F): F } {
  const restarts: ClientRestart[] = [];
  return {
    note: (e) => {
      if (e.type === 'client-restart') restarts.push(e.restart);
    },
    into: (file) => (restarts.length ? { ...file, restarts: [...restarts] } : file),
  };
}
