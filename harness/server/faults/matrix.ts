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

/** What the clause audit needs of a check. */
interface AuditedCheck {
  id: string;
  level: string;
  behaviours?: ({ says: string } & ({ requirement: string } | { allows: string } | { notChecked: string }))[];
}

/**
 * The clause audit: every behaviour a MUST or SHOULD check's clause states, how it is checked (the requirement and
 * the faults that break it), allowed (the legal variation), or why it is not checked by that check.
 */
export function renderClauseAudit(checks: readonly AuditedCheck[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = checks
    .filter((c) => c.level === 'MUST' || c.level === 'SHOULD')
    .flatMap((c) =>
      (c.behaviours ?? []).map((b) => {
        if ('requirement' in b) {
          const proofs = [...FAULTS.values()]
            .filter((f) => f.caughtBy?.[c.id] === b.requirement)
            .map((f) => `\`${f.name}\``);
          return `| \`${c.id}\` | ${cell(b.says)} | checked: ${cell(b.requirement)} | ${proofs.join(', ')} |`;
        }
        if ('allows' in b) return `| \`${c.id}\` | ${cell(b.says)} | allowed | \`${b.allows}\` (legal, must pass) |`;
        return `| \`${c.id}\` | ${cell(b.says)} | not checked here: ${cell(b.notChecked)} | – |`;
      }),
    );
  return ['| check | what the clause says | how | proof |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
