import { readFileSync, writeFileSync } from 'node:fs';
import { renderFaultMatrix } from '../harness/server/faults/matrix.js';

/** Rewrites the README's fault matrix (between its markers) from the fault catalogue. */
const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const table = renderFaultMatrix();
const begin = '<!-- fault-matrix:begin -->';
const end = '<!-- fault-matrix:end -->';
const start = readme.indexOf(begin);
const stop = readme.indexOf(end);
if (start < 0 || stop < 0) throw new Error('README.md lacks the fault-matrix markers');
writeFileSync(file, `${readme.slice(0, start + begin.length)}\n${table}\n${readme.slice(stop)}`);
