import { writeLoadOutputs } from '../harness/load/outputs.js';
import type { LoadReport } from '../harness/load/run-load.js';
import { Emitter, type Listener } from '../harness/runner/emitter.js';
import type { RunEvent } from '../harness/runner/events.js';
import { writeHtmlReport } from '../reports/html.js';
import { printLoadSummary } from '../reports/load-console.js';
import { writeLoadJunit } from '../reports/load-junit.js';

/** A listener that acts on a load report only: `write` is one of the load reporters. */
function onLoadEnd(name: string, write: (report: LoadReport, out: string) => unknown): Listener {
  return Object.assign(
    async (e: RunEvent) => {
      if (e.type === 'load-end') await write(e.report, e.out);
    },
    { listenerName: name },
  );
}

/** The reporters of `load` and `merge`, on the same event stream as `run`'s. */
export const LOAD_LISTENERS: readonly Listener[] = [
  onLoadEnd('load.json, latency.hgrm, latency.hlog', (report, out) => writeLoadOutputs(out, report)),
  onLoadEnd('junit', (report, out) => writeLoadJunit(out, report)),
  onLoadEnd('html', (report, out) => writeHtmlReport(out, undefined, report)),
  onLoadEnd('console', (report) => printLoadSummary(process.stdout, report)),
];

/**
 * Everything `load` and `merge` write for a (redacted) report, through the event stream: a reporter that fails
 * is named on stderr and the others still write. Returns the exit status (the report's verdict decides it).
 */
export async function writeLoadReport(out: string, report: LoadReport, listeners = LOAD_LISTENERS): Promise<number> {
  const emitter = new Emitter(listeners);
  await emitter.emit({ type: 'load-end', report, out });
  for (const f of emitter.failures)
    process.stderr.write(`rtm-conformance: reporter ${f.listener} failed: ${f.message}\n`);
  process.stdout.write(
    `rtm-conformance: load report in ${out}/ (load.json, latency.hgrm, latency.hlog, junit.xml, index.html)\n`,
  );
  return report.verdict === 'pass' ? 0 : 1;
}
