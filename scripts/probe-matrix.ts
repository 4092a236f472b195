import { resolveRunOptions } from '../harness/config/resolve.js';
import { runConformance } from '../harness/runner/run.js';
import { FAULTS } from '../harness/server/faults/index.js';

const names = process.argv.slice(2).length ? process.argv.slice(2) : [...FAULTS.keys()];
for (const name of names) {
  const options = resolveRunOptions({ fault: [name], expectUrlTtl: 2, runs: 10, seed: 1, reporter: ['json'], out: '/tmp/matrix' }, {}, '/tmp');
  const t = performance.now();
  const { results } = await runConformance(options, 'probe', []);
  const bad = results.filter((r) => r.status !== 'pass' && r.status !== 'info').map((r) => `${r.status}:${r.id}${r.status === 'error' ? `(${r.message})` : ''}`);
  console.log(`${name.padEnd(24)} ${Math.round(performance.now() - t)}ms ${bad.join(' ')}`);
}
