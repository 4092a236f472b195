import type { PlanEntry } from '../harness/runner/events.js';

/** `--list`: the checks, their levels and suites, what each costs, and what must be seen before it can pass. */
export function printPlan(plan: PlanEntry[]): void {
  const w = Math.max(...plan.map((p) => p.id.length));
  process.stdout.write(
    `${'check'.padEnd(w)}  level   suite              tokens  connections  rtm.connect  premises (what must be seen before it can pass)\n`,
  );
  for (const p of plan) {
    const n = p.needs;
    const cost = `${String(n.tokens).padEnd(6)}  ${String(n.connections).padEnd(11)}  ${String(n.rtmConnects).padEnd(11)}`;
    process.stdout.write(
      `${p.id.padEnd(w)}  ${p.level.padEnd(6)}  ${p.suite.padEnd(17)}  ${cost}  ${p.premises.join(', ') || '-'}${n.waitsOnClock ? '  (waits one URL lifetime)' : ''}\n`,
    );
  }
  process.stdout.write(`${plan.length} checks\n`);
  const notChecked = plan.flatMap((p) => (p.notChecked ?? []).map((n) => ({ id: p.id, ...n })));
  if (notChecked.length === 0) return;
  process.stdout.write('\nnot checked by the check that quotes it (the clause audit):\n');
  for (const n of notChecked) process.stdout.write(`  ${n.id}: "${n.says}": ${n.why}\n`);
}
