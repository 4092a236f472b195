import type { TranscriptLine } from '../check/check.js';
import type { ClientCrash } from '../check/client-context.js';
import type { ClientProcess } from './client-process.js';

/** Where a crash happened: "during client.echo", "between checks, after client.connect", "at start-up". */
export function whereOf(crash: ClientCrash | undefined): string {
  if (crash?.during) return `during ${crash.during}`;
  return crash?.after ? `between checks, after ${crash.after}` : 'at start-up';
}

/**
 * The client's own words, for client.survives whatever its status: each crashed process's output tail as it was
 * when it ended, then the running one's (redacted by the process, 40 lines each at most).
 */
export function outputTails(crashes: readonly ClientCrash[], running: ClientProcess | undefined): TranscriptLine[] {
  const tails = [
    ...crashes.map((c) => ({ conn: `client output (exited ${whereOf(c)})`, text: c.output })),
    ...(running && !running.exit ? [{ conn: 'client output', text: running.output() }] : []),
  ];
  return tails.flatMap(({ conn, text }) =>
    text
      .split('\n')
      .filter(Boolean)
      .slice(-40)
      .map((line, i) => ({ t: i, dir: 'note' as const, conn, text: line })),
  );
}
