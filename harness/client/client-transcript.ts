import type { TranscriptLine } from '../check/check.js';
import type { ClientObservatory } from './observatory.js';

const MAX_LINES = 400;
const MAX_TEXT = 2048;

/** The client's frames since `since`, as the server saw them, with connection opens and closes: the latest 400. */
export function transcriptOf(observatory: ClientObservatory, since: number): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const c of observatory.connections) {
    const conn = `c${c.index} (${c.token})`;
    if (c.openedAt >= since) lines.push({ t: c.openedAt, dir: 'note', conn, text: 'connection opened' });
    for (const f of c.frames)
      if (f.at >= since)
        lines.push({
          t: f.at,
          dir: 'in',
          conn,
          text: f.binary ? `<binary ${f.bytes} bytes>` : f.text.slice(0, MAX_TEXT),
        });
    for (const p of c.wsPings) if (p >= since) lines.push({ t: p, dir: 'in', conn, text: '<WebSocket ping>' });
    if (c.closedAt !== undefined && c.closedAt >= since)
      lines.push({ t: c.closedAt, dir: 'note', conn, text: 'connection closed' });
  }
  for (const call of observatory.connectCalls)
    if (call.at >= since)
      lines.push({
        t: call.at,
        dir: 'in',
        conn: 'web-api',
        text: `${call.method} with ${call.token}${call.refused ? ' (refused)' : ''}`,
      });
  const kept = lines.sort((a, b) => a.t - b.t).slice(-MAX_LINES);
  const t0 = kept[0]?.t ?? since;
  return kept.map((l) => ({ ...l, t: Math.round((l.t - t0) * 1000) / 1000 }));
}
