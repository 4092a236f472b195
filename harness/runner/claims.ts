import type { Claim } from './side.js';

/**
 * Who holds which resource now. A shared claim waits for an exclusive holder to leave; an exclusive claim
 * waits for every holder to leave: a check that judges a user's presence owns that user while it runs.
 */
export class ClaimTable {
  private readonly held = new Map<string, { shared: number; exclusive: boolean }>();

  /** Whether `claims` can all be taken now. */
  fits(claims: readonly Claim[]): boolean {
    return claims.every(({ resource, exclusive }) => {
      const h = this.held.get(resource);
      if (!h) return true;
      return !h.exclusive && !exclusive;
    });
  }

  take(claims: readonly Claim[]): void {
    for (const { resource, exclusive } of claims) {
      const h = this.held.get(resource) ?? { shared: 0, exclusive: false };
      if (exclusive) h.exclusive = true;
      else h.shared += 1;
      this.held.set(resource, h);
    }
  }

  release(claims: readonly Claim[]): void {
    for (const { resource, exclusive } of claims) {
      const h = this.held.get(resource);
      if (!h) continue;
      if (exclusive) h.exclusive = false;
      else h.shared -= 1;
      if (!h.exclusive && h.shared === 0) this.held.delete(resource);
    }
  }
}

/**
 * Runs `items` through lanes of the given widths (a lane per item, by `laneOf`), starting an item only when its
 * claims fit beside those running. Items keep their order within a lane unless an earlier one must wait for a
 * claim. An item's claims that could never fit (nothing else runs) start it anyway.
 */
export async function schedule<T>(
  items: readonly T[],
  laneOf: (item: T) => { name: string; width: number },
  claimsOf: (item: T) => Claim[],
  run: (item: T) => Promise<void>,
): Promise<void> {
  const table = new ClaimTable();
  const lanes = new Map<string, { width: number; queue: T[]; running: number }>();
  for (const item of items) {
    const { name, width } = laneOf(item);
    const lane = lanes.get(name) ?? { width, queue: [], running: 0 };
    lane.queue.push(item);
    lanes.set(name, lane);
  }
  let running = 0;
  let wake: () => void = () => {};
  const tasks: Promise<void>[] = [];
  const startReady = (): void => {
    for (const lane of lanes.values()) {
      for (let i = 0; i < lane.queue.length && lane.running < lane.width; ) {
        const item = lane.queue[i];
        const claims = claimsOf(item);
        if (!table.fits(claims) && running > 0) {
          i += 1;
          continue;
        }
        lane.queue.splice(i, 1);
        table.take(claims);
        lane.running += 1;
        running += 1;
        tasks.push(
          run(item).finally(() => {
            table.release(claims);
            lane.running -= 1;
            running -= 1;
            wake();
          }),
        );
      }
    }
  };
  const pending = () => [...lanes.values()].some((l) => l.queue.length > 0);
  startReady();
  while (pending()) {
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    startReady();
  }
  await Promise.all(tasks);
}
