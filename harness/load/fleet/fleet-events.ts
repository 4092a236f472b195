/**
 * `--at TIME:EVENT`, events scheduled within a run, TIME after the measured steps begin (`30s`, `1500ms`):
 * `drop=P%` the harness drops P % of its connections abruptly; `goodbye` the reference server sends goodbye to
 * every connection; `server-drop` the reference server drops every connection without a close frame; `fault=NAME` switches a reference-server fault on mid-run (`fault=off`: all back off).
 */
export type FleetEvent =
  | { atMs: number; kind: 'drop'; fraction: number; spec: string }
  | { atMs: number; kind: 'goodbye'; spec: string }
  | { atMs: number; kind: 'server-drop'; spec: string }
  | { atMs: number; kind: 'fault'; faults: string[]; spec: string };

export function parseFleetEvent(text: string, knownFault: (name: string) => boolean): FleetEvent {
  const m = /^(\d+(?:\.\d+)?)(ms|s):(.+)$/.exec(text);
  if (!m) throw new Error(`expected TIME:EVENT (e.g. 30s:drop=100%, 30s:goodbye, 10s:fault=slow-acks), got "${text}"`);
  const atMs = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  const event = m[3];
  if (event === 'goodbye') return { atMs, kind: 'goodbye', spec: text };
  if (event === 'server-drop') return { atMs, kind: 'server-drop', spec: text };
  const drop = /^drop=(\d+(?:\.\d+)?)%$/.exec(event);
  if (drop) {
    const pct = Number(drop[1]);
    if (pct <= 0 || pct > 100) throw new Error(`drop=${drop[1]}%: between 0 and 100 %`);
    return { atMs, kind: 'drop', fraction: pct / 100, spec: text };
  }
  const fault = /^fault=([a-z0-9-]+)$/.exec(event);
  if (fault) {
    if (fault[1] === 'off') return { atMs, kind: 'fault', faults: [], spec: text };
    if (!knownFault(fault[1])) throw new Error(`unknown fault "${fault[1]}" (see serve --list-faults)`);
    return { atMs, kind: 'fault', faults: [fault[1]], spec: text };
  }
  throw new Error(`unknown event "${event}" (drop=P%, goodbye, server-drop, fault=NAME, fault=off)`);
}

/** Events in time order; a later fault event replaces the faults switched on by an earlier one. */
export function sortEvents(events: FleetEvent[]): FleetEvent[] {
  return [...events].sort((a, b) => a.atMs - b.atMs);
}
