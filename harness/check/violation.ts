/** Thrown inside a check's property when the target broke the clause: what was acceptable, what happened. */
export class ClauseViolation extends Error {
  constructor(
    readonly expected: string[],
    readonly actual: string,
  ) {
    super(`expected ${expected.join(' or ')}; got ${actual}`);
    this.name = 'ClauseViolation';
  }
}

/** Throws a ClauseViolation unless `condition` holds. */
export function demand(
  condition: unknown,
  expected: string | string[],
  actual: string | (() => string),
): asserts condition {
  if (!condition)
    throw new ClauseViolation(
      Array.isArray(expected) ? expected : [expected],
      typeof actual === 'function' ? actual() : actual,
    );
}

/** Short JSON for messages. */
export function show(value: unknown, max = 300): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > max ? `${text.slice(0, max)}…` : text;
}
