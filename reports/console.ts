import pc from 'picocolors';
import type { CheckResult, RunEvent } from '../harness/runner/events.js';
import { ProgressLine } from './progress-line.js';
import { type Reporter, printable, restartLine } from './reporter.js';

const LABEL: Record<CheckResult['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  info: 'INFO',
  skip: 'SKIP',
  error: 'ERR ',
};

/**
 * A line per check as it ends, details for the ones that did not pass, and a summary. On a TTY outside CI:
 * colour, and a live line of what is still running (gone when the run ends).
 */
export function consoleReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
  env = process.env,
): Reporter {
  const interactive = !!stream.isTTY && !env.CI;
  const c = pc.createColors(interactive && !env.NO_COLOR);
  const live = interactive ? new ProgressLine(stream) : undefined;
  const paint: Record<CheckResult['status'], (s: string) => string> = {
    pass: c.green,
    fail: c.red,
    warn: c.yellow,
    info: c.cyan,
    skip: c.dim,
    error: c.magenta,
  };
  const write = (line = '') => (live ? live.print(line) : stream.write(`${line}\n`));
  return {
    onEvent(e: RunEvent) {
      switch (e.type) {
        case 'run-start': {
          const t = e.info.target;
          write(
            c.bold(`rtm-conformance ${e.info.tool.version}`) +
              ` · ${t.embedded ? `embedded reference server${t.faults.length ? ` (faults: ${t.faults.join(', ')})` : ''}` : printable(t.api)}`,
          );
          write(c.dim(`${e.plan.length} checks · seed ${e.info.seed} · ${e.info.runs} runs per property`));
          return;
        }
        case 'check-start':
          live?.start(e.id, e.waitsMs);
          return;
        case 'probe':
          write(c.dim(printable(e.finding)));
          return;
        case 'check-end': {
          const r = e.result;
          live?.end(r.id);
          // A pass says how much it saw (the evidence rule): dim, so what went wrong stands out.
          const message = r.status === 'pass' ? c.dim(printable(r.message)) : printable(r.message);
          write(`${paint[r.status](LABEL[r.status])} ${r.id} ${c.dim(`(${r.durationMs} ms)`)} ${message}`);
          if (r.status === 'fail' || r.status === 'warn') {
            write(c.dim(`     ${r.level}: "${r.clause.length > 160 ? `${r.clause.slice(0, 160)}…` : r.clause}"`));
            write(`     expected: ${printable(r.expected.join(' | '))}`);
            write(`     actual:   ${printable(r.actual)}`);
            if (r.counterexample) write(`     counterexample: ${printable(r.counterexample)}`);
            if (r.replay) write(`     replay: ${printable(r.replay)}`);
          }
          return;
        }
        case 'run-end': {
          live?.stop();
          const s = e.summary;
          const parts = (['pass', 'fail', 'warn', 'info', 'skip', 'error'] as const)
            .filter((k) => s[k] > 0)
            .map((k) => paint[k](`${s[k]} ${k}`));
          write();
          write(
            `${c.bold(e.verdict === 'pass' ? c.green('PASSED') : e.verdict === 'fail' ? c.red('FAILED') : c.magenta('ERROR'))} ${parts.join(', ')} in ${(e.durationMs / 1000).toFixed(1)} s`,
          );
          return;
        }
        case 'client-restart':
          write(c.yellow(`RESTART ${restartLine(e.restart)}`));
          return;
        case 'listener-error':
          write(c.magenta(`reporter ${printable(e.listener)} failed on ${e.event}: ${printable(e.message)}`));
          return;
        default:
          return;
      }
    },
  };
}
