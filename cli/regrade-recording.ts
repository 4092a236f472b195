import { checkReporterNames } from '../harness/config/resolve.js';
import { REPORTER_NAMES } from '../harness/config/schema.js';
import { gradeRecording } from '../harness/proxy/grade.js';
import { announceReport, listenersFor } from './reporters.js';
import { EXIT } from './run-command.js';
import { toolVersion } from './version.js';

export interface RegradeFlags {
  out?: string;
  reporter?: string[];
  strict?: boolean;
}

/** `report RECORDING`: grades a recording the proxy wrote, again, as the proxy did; returns the exit status. */
export async function regradeRecording(file: string, flags: RegradeFlags): Promise<number> {
  const formats = checkReporterNames(flags.reporter?.length ? flags.reporter : REPORTER_NAMES);
  const out = flags.out ?? 'rtm-conformance-proxy-report';
  const outcome = await gradeRecording(
    file,
    { version: toolVersion(), strict: !!flags.strict },
    listenersFor(formats, out),
  );
  announceReport(formats, out);
  return EXIT[outcome.verdict];
}
