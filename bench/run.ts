/**
 * `npm run bench`: every benchmark, each a ratio measured side by side in one run on this machine.
 * Figures are printed and written to bench-results/ (not committed: they belong to the machine).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { measureServerCost } from './server-cost.js';

const quick = process.argv.includes('--quick');
const out = new URL('../bench-results/', import.meta.url);
mkdirSync(out, { recursive: true });

console.log('# Reference server: CPU per acknowledged message vs the minimal ws floor (4 connections)');
const rates = quick ? [1000, 5000] : [1000, 5000, 10_000, 20_000];
const rows = await measureServerCost(rates, quick ? 2 : 4, 4);
console.log('rate/s   floor µs/ack   reference µs/ack   ratio   acked (floor / reference)');
for (const rate of rates) {
  const f = rows.find((r) => r.rate === rate && r.server === 'floor')!;
  const s = rows.find((r) => r.rate === rate && r.server === 'reference')!;
  console.log(`${String(rate).padEnd(8)} ${f.cpuUsPerAck.toFixed(1).padStart(13)} ${s.cpuUsPerAck.toFixed(1).padStart(18)} ${(s.cpuUsPerAck / f.cpuUsPerAck).toFixed(2).padStart(7)}   ${f.acked}/${f.sent} / ${s.acked}/${s.sent}`);
}
writeFileSync(new URL('server-cost.json', out), `${JSON.stringify(rows, null, 2)}\n`);
