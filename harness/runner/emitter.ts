import type { RunEvent } from './events.js';

/** A listener on the run's event stream (a reporter); its name is what a failure of it is reported as. */
export type Listener = ((event: RunEvent) => void | Promise<void>) & { listenerName?: string };

/** A listener that threw: reported on the stream and in the run's outcome; the run goes on. */
export interface ListenerFailure {
  listener: string;
  event: RunEvent['type'];
  message: string;
}

/**
 * Delivers every event to every listener in order, each isolated: a listener that throws is reported to the
 * others (a `listener-error` event) and does not end the run, nor keep the others from hearing the event.
 */
export class Emitter {
  readonly failures: ListenerFailure[] = [];

  constructor(private readonly listeners: readonly Listener[]) {}

  async emit(event: RunEvent): Promise<void> {
    for (const [i, listener] of this.listeners.entries()) {
      try {
        await listener(event);
      } catch (err) {
        const failure: ListenerFailure = {
          listener: listener.listenerName ?? `listener ${i + 1}`,
          event: event.type,
          message: err instanceof Error ? err.message : String(err),
        };
        this.failures.push(failure);
        await this.tell(failure, listener);
      }
    }
  }

  /** Tells the other listeners; one that fails on this too is not told again. */
  private async tell(failure: ListenerFailure, failed: Listener): Promise<void> {
    for (const listener of this.listeners) {
      if (listener === failed) continue;
      try {
        await listener({ type: 'listener-error', ...failure });
      } catch {
        // Reported already as its own failure if it fails on a real event; a notice it cannot take is dropped.
      }
    }
  }
}
