import type { Check } from '../check/check.js';
import type { CheckContext, ProbeResult } from '../check/server-context.js';
import type { CheckRun, Claim, Known, Side } from '../runner/side.js';
import type { RunOptions } from '../config/resolve.js';
import { replayCommand } from './replay.js';
import { Transcript } from '../session/transcript.js';
import { probeTarget } from './probe.js';
import { RunHealth } from './run-health.js';
import { ServerCheckContext } from './server-context.js';
import type { Target } from './target.js';
import { type Timeouts, timeoutsFor } from '../check/timeouts.js';

/**
 * The server side of the engine: a target given by its Web API, judged first by one probe connection (a dead
 * target is judged in seconds, not per check), then by checks that each get their own context. The run's
 * health ends later checks at once once the target stops answering.
 */
export class ServerSide implements Side<CheckContext> {
  /** Server checks running at once (--concurrency); clock-bound checks (URL expiry) run beside these. */
  readonly concurrency: number;
  readonly clockBeside = true;
  readonly timeouts: Timeouts;
  private readonly health = new RunHealth();
  private probe: ProbeResult = { kind: 'no-web-api', finding: 'not probed yet' };

  constructor(
    private readonly target: Target,
    private readonly options: RunOptions,
  ) {
    this.timeouts = timeoutsFor(target.embedded, options.timeouts);
    this.concurrency = options.concurrency;
  }

  get label(): { api: string; embedded: boolean; faults: string[] } {
    return {
      api: this.target.redactor.text(this.target.apiUrl),
      embedded: this.target.embedded,
      faults: this.target.faults,
    };
  }

  async open(): Promise<string> {
    this.probe = await probeTarget(this.target, this.timeouts);
    return probeSummary(this.probe);
  }

  async begin(check: Check<CheckContext>): Promise<CheckRun<CheckContext> | Known> {
    const known = this.missingPremise(check);
    if (known) return known;
    const { options, target } = this;
    const transcript = new Transcript(target.redactor);
    const replay = (path: string) => replayCommand(check.id, options, target, path);
    const ctx = new ServerCheckContext({
      checkId: check.id,
      target,
      expect: options.expect,
      seed: options.seed,
      runs: options.runs,
      path: options.path,
      timeouts: this.timeouts,
      maxFrameBytes: options.maxFrameBytes,
      transcript,
      replayCommand: replay,
      probe: this.probe,
      health: this.health,
    });
    return {
      ctx,
      evidence: ctx.evidence,
      replay,
      transcript: () => transcript.snapshot(),
      dispose: () => ctx.dispose(),
    };
  }

  extraBudgetMs(check: Check<CheckContext>): number {
    return check.needs.waitsOnClock ? this.options.expect.urlTtlSec * 2000 : 0;
  }

  /** About how long a clock-bound check waits: the latest late URL is used at the lifetime plus two margins. */
  waitsMs(check: Check<CheckContext>): number | undefined {
    if (!check.needs.waitsOnClock) return undefined;
    const ttlMs = this.options.expect.urlTtlSec * 1000;
    return ttlMs + 2 * Math.max(1000, ttlMs * 0.1);
  }

  /** Every user a check uses is shared, but those it owns: no other check holds a connection of theirs meanwhile. */
  claims(check: Check<CheckContext>): Claim[] {
    const users = this.target.tokens.length;
    const owns = new Set((check.needs.owns ?? []).map((u) => (u < 0 ? users + u : u)));
    const used = new Set([...Array.from({ length: Math.min(check.needs.tokens, users) }, (_, u) => u), ...owns]);
    const claims = [...used].map((user) => ({ resource: `user ${user}`, exclusive: owns.has(user) }));
    const channel = check.needs.channel ?? 'shared';
    if (channel !== 'none') claims.push({ resource: 'channel', exclusive: channel === 'owns' });
    return claims;
  }

  redact<T>(value: T): T {
    return this.target.redactor.value(value);
  }

  /** An outcome known before the check runs: what the target lacks, or what the probe or the run's health found. */
  private missingPremise(check: Check<CheckContext>): Known | undefined {
    const { target, probe, health } = this;
    if (target.tokens.length < check.needs.tokens)
      return {
        outcome: {
          kind: 'skipped',
          reason: `needs ${check.needs.tokens} tokens, the target has ${target.tokens.length}`,
        },
      };
    if (target.channel === undefined) return { outcome: { kind: 'skipped', reason: 'needs a channel (--channel)' } };
    if (probe.kind === 'no-web-api')
      return { outcome: { kind: 'error', message: `no socket URL from the target's Web API: ${probe.finding}` } };
    if (probe.kind === 'no-hello' && !probe.answers && check.premises.includes('hello') && !check.judgesProbe)
      return { missing: 'hello', detail: probe.finding };
    if (health.dead && check.premises.includes('hello')) return { outcome: { kind: 'error', message: health.dead } };
    return undefined;
  }
}

/** One line on what the probe found, for the event stream (and so the console). */
function probeSummary(probe: ProbeResult): string {
  switch (probe.kind) {
    case 'live':
      return `probe: ${probe.connectMethod}, upgrade and hello: the target speaks RTM${probe.note ? ` (${probe.note})` : ''}`;
    case 'no-web-api':
      return `probe: no socket URL: ${probe.finding}; every check is an error`;
    case 'no-hello':
      return probe.answers
        ? `probe: ${probe.finding}; the checks run without waiting for hello, and none can pass without it`
        : `probe: ${probe.finding}; checks that need a live connection are judged from that at once`;
  }
}
