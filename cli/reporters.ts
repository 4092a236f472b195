import type { ReporterName } from '../harness/config/schema.js';
import type { RunEvent } from '../harness/runner/events.js';
import type { Listener } from '../harness/runner/engine.js';
import { consoleReporter } from '../reports/console.js';
import { htmlReporter } from '../reports/html.js';
import { jsonReporter } from '../reports/json.js';
import { junitReporter } from '../reports/junit.js';
import { markdownReporter } from '../reports/markdown.js';

const FILES: Record<Exclude<ReporterName, 'console'>, string> = {
  json: 'results.json',
  junit: 'junit.xml',
  html: 'index.html',
  markdown: 'summary.md',
};

/** The reporters `run` and `client` write with, as listeners on the event stream. */
export function listenersFor(formats: readonly ReporterName[], out: string): Listener[] {
  return formats.map((f) => {
    const reporter =
      f === 'console'
        ? consoleReporter()
        : f === 'json'
          ? jsonReporter(out)
          : f === 'junit'
            ? junitReporter(out)
            : f === 'markdown'
              ? markdownReporter(out)
              : htmlReporter(out);
    return Object.assign((e: RunEvent) => reporter.onEvent(e), { listenerName: f });
  });
}

/** Prints where the report files went, when any were written. */
export function announceReport(formats: readonly ReporterName[], out: string): void {
  const files = formats.filter((f): f is keyof typeof FILES => f !== 'console').map((f) => FILES[f]);
  if (files.length > 0) process.stdout.write(`rtm-conformance: report in ${out}/ (${files.join(', ')})\n`);
}
