import type { RunEvent } from '../harness/runner/events.js';

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
