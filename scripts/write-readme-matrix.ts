import { readFileSync, writeFileSync } from 'node:fs';
import { renderFaultMatrix, renderVacuityMatrix } from '../harness/server/faults/matrix.js';

/** Rewrites the fault and vacuity matrices in docs/reference-server.md (between markers) from the fault catalogue. */
const file = new URL('../docs/reference-server.md', import.meta.url);
let readme = readFileSync(file, 'utf8');
for (const [name, table] of [
  ['fault-matrix', renderFaultMatrix()],
  ['vacuity-matrix', renderVacuityMatrix()],
] as const) {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const start = readme.indexOf(begin);
  const stop = readme.indexOf(end);
  if (start < 0 || stop < 0) throw new Error(`docs/reference-server.md lacks the ${name} markers`);
  readme = `${readme.slice(0, start + begin.length)}\n${table}\n${readme.slice(stop)}`;
}
writeFileSync(file, readme);
