import type { CheckResult } from './events.js';

/**
 * "See X" pointers, kept honest: a result whose missing premise belongs to another check names that check only
 * when it failed or erred (else the reader would open a pass). Results may end before the check they point at,
 * so a pointing result waits for it; what it waits on is the other's raw result, so two pointing at each other
 * cannot wait forever.
 */
export class Pointers {
  private readonly ended = new Map<string, { result: Promise<CheckResult>; resolve: (r: CheckResult) => void }>();

  constructor(ids: readonly string[]) {
    for (const id of ids) {
      let resolve!: (r: CheckResult) => void;
      const result = new Promise<CheckResult>((r) => {
        resolve = r;
      });
      this.ended.set(id, { result, resolve });
    }
  }

  /** Records a check's own result, as it came. */
  end(result: CheckResult): void {
    this.ended.get(result.id)?.resolve(result);
  }

  /** The result as reporters see it: its pointer resolved into the message, or dropped. */
  async resolve(result: CheckResult): Promise<CheckResult> {
    const { see, ...shown } = result;
    const other = see === undefined ? undefined : this.ended.get(see);
    if (see === undefined || other === undefined) return shown;
    const { status } = await other.result;
    return status === 'fail' || status === 'error' ? { ...shown, message: `${shown.message}: see ${see}` } : shown;
  }
}
