import { readFileSync, writeFileSync } from 'node:fs';
import { discoverChecks } from '../harness/runner/discover.js';
import { renderClauseAudit, renderFaultMatrix, renderVacuityMatrix } from '../harness/server/faults/matrix.js';

/** Rewrites the generated tables of the docs (between their markers) from the fault catalogue and the checks. */
const tables: [file: string, marker: string, table: string][] = [
  ['reference-server.md', 'fault-matrix', renderFaultMatrix()],
  ['reference-server.md', 'vacuity-matrix', renderVacuityMatrix()],
  ['clause-audit.md', 'clause-audit', renderClauseAudit(await discoverChecks())],
];
for (const [name, marker, table] of tables) {
  const file = new URL(`../docs/${name}`, import.meta.url);
  const text = readFileSync(file, 'utf8');
  const begin = `<!-- ${marker}:begin -->`;
  const end = `<!-- ${marker}:end -->`;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < 0) throw new Error(`docs/${name} lacks the ${marker} markers`);
  writeFileSync(file, `${text.slice(0, start + begin.length)}\n${table}\n${text.slice(stop)}`);
}
