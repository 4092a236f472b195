import { FAULTS } from './index.js';

/** The README's proof matrix: one row per fault with the checks that catch it, then the legal variations. */
export function renderFaultMatrix(): string {
  const faults = [...FAULTS.values()].filter((f) => f.kind === 'fault');
  const variations = [...FAULTS.values()].filter((f) => f.kind === 'variation');
  const rows = faults.map(
    (f) =>
      `| \`${f.name}\` | ${f.description} | ${Object.keys(f.caughtBy ?? {})
        .map((c) => `\`${c}\``)
        .join(', ')} |`,
  );
  const legal = variations.map((v) => `| \`${v.name}\` | ${v.description} | passes every check |`);
  return ['| fault or variation | what it does | fails |', '| --- | --- | --- |', ...rows, ...legal].join('\n');
}

/** The README's vacuity matrix: each degenerate target and the premises it never provides. */
export function renderVacuityMatrix(): string {
  const degenerate = [...FAULTS.values()].filter((f) => f.kind === 'degenerate');
  const rows = degenerate.map(
    (d) => `| \`${d.name}\` | ${d.description} | ${(d.lacks ?? []).map((p) => `\`${p}\``).join(', ')} |`,
  );
  return [
    '| degenerate target | what it does | premises it never provides |',
    '| --- | --- | --- |',
    ...rows,
    '| the clean reference server | never rate-limits (in process) | `rate-limit` |',
  ].join('\n');
}
