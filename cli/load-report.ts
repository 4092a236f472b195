import { writeLoadOutputs } from '../harness/load/outputs.js';
import type { LoadReport } from '../harness/load/run-load.js';
import { writeHtmlReport } from '../reports/html.js';
import { writeLoadJunit } from '../reports/load-junit.js';
import { printLoadSummary } from '../reports/load-console.js';

/** Everything `load` and `merge` write for a (redacted) report: files in `out`, the console summary. Returns the exit status. */
export async function writeLoadReport(out: string, report: LoadReport): Promise<number> {
  await writeLoadOutputs(out, report);
  await writeLoadJunit(out, report);
  await writeHtmlReport(out, undefined, report);
  printLoadSummary(process.stdout, report);
  process.stdout.write(
    `rtm-conformance: load report in ${out}/ (load.json, latency.hgrm, latency.hlog, junit.xml, index.html)\n`,
  );
  return report.verdict === 'pass' ? 0 : 1;
}
