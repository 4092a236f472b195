import type { Check } from '../check/check.js';
import { Evidence } from '../check/premise.js';
import { Redactor } from '../redact.js';
import type { CheckRun, Known, Side } from '../runner/side.js';
import type { JudgeContext } from './judges/index.js';
import type { RecordedTraffic } from './recorded-traffic.js';

/**
 * A recording as the engine's side: checks "run" by reading it. Nothing is sent, nothing waits; a recording with lines
 * lost to its bound is judged by none of them (a lost reply would read as a missing one).
 */
export class RecordingSide implements Side<JudgeContext> {
  readonly concurrency = 4;
  readonly clockBeside = false;
  readonly label: Side<JudgeContext>['label'];
  private readonly redactor = new Redactor();

  constructor(private readonly traffic: RecordedTraffic) {
    this.label = { api: `proxy recording of ${this.redactor.text(traffic.upstream)}`, embedded: false, faults: [] };
  }

  async open(): Promise<string> {
    const t = this.traffic;
    const frames = t.connections.reduce((n, c) => n + c.frames.length, 0);
    return `recording: ${t.urlsIssued} socket URL(s) handed out, ${t.connections.length} connection(s), ${t.refused.length} refused upgrade(s), ${frames} frame(s) over ${(t.endedAt / 1000).toFixed(1)} s${t.complete ? '' : ' (cut short: no end line)'}${t.dropped > 0 ? `; ${t.dropped} line(s) lost to the recording's bound` : ''}`;
  }

  async begin(_check: Check<JudgeContext>): Promise<CheckRun<JudgeContext> | Known> {
    if (this.traffic.dropped > 0)
      return {
        outcome: {
          kind: 'error',
          message: `the recording lost ${this.traffic.dropped} line(s) to its bound: judging it would blame the peers for the proxy's loss`,
        },
      };
    const evidence = new Evidence();
    return {
      ctx: { traffic: this.traffic, saw: (what, n) => evidence.saw(what, n) },
      evidence,
      transcript: () => [],
      dispose: () => {},
    };
  }

  extraBudgetMs(): number {
    return 0;
  }

  waitsMs(): undefined {
    return undefined;
  }

  claims(): [] {
    return [];
  }

  redact<T>(value: T): T {
    return this.redactor.value(value);
  }
}
