import type { FleetReport } from '../../harness/load/fleet/fleet-report.js';
import { fleetLines } from '../load-fleet-console.js';
import { type Markup, html } from './markup.js';

/** The idle connections: the summary lines, then held connections second by second with each event marked. */
export function fleetSection(f: FleetReport | undefined): Markup | string {
  if (!f) return '';
  const rows = f.timeline.map(
    (s) =>
      html`<tr${s.events ? html` class="event"` : ''}><td>${s.t}</td><td>${s.held}</td><td>${s.rtmConnect}</td><td>${s.opened}</td><td>${s.rateLimited}</td><td>${s.failures}</td><td>${(s.events ?? []).join(', ')}</td></tr>`,
  );
  return html`<h3>Idle connections</h3><ul>${fleetLines(f).map((l) => html`<li>${l.trim()}</li>`)}</ul>
<table class="fleet"><tr><th>t (s)</th><th>held</th><th>rtm.connect/s</th><th>opened</th><th>429s</th><th>failures</th><th>event</th></tr>${rows}</table>`;
}
