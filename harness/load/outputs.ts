import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hdr, hgrm, merged } from './histograms.js';
import type { LoadReport } from './run-load.js';

/**
 * Writes load.json, latency.hgrm (corrected latency of all steps, in the format wrk2 prints) and
 * latency.hlog (an HdrHistogram interval log: 1 s intervals tagged corrected and raw).
 */
export async function writeLoadOutputs(out: string, report: LoadReport): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'load.json'), `${JSON.stringify(report, null, 2)}\n`);
  const all = merged(report.steps.flatMap((s) => s.histograms.corrected));
  await writeFile(join(out, 'latency.hgrm'), hgrm(all));
  all.destroy();
  await writeFile(join(out, 'latency.hlog'), intervalLog(report));
}

export function intervalLog(report: LoadReport): string {
  let text = '';
  const writer = new hdr.HistogramLogWriter((chunk: string) => {
    text += chunk;
  });
  writer.outputComment(
    '[rtm-conformance load: ack latency in microseconds; tags corrected (from due time) and raw (from send time)]',
  );
  writer.outputLogFormatVersion();
  writer.outputStartTime(0);
  writer.outputLegend();
  let offset = 0;
  for (const step of report.steps) {
    for (const interval of step.intervals) {
      for (const tag of ['corrected', 'raw'] as const) {
        const h = merged(interval[tag]);
        h.tag = tag;
        writer.outputIntervalHistogram(h, offset + interval.t - 1, offset + interval.t, 1000);
        h.destroy();
      }
    }
    offset += Math.max(step.durationSec, step.intervals.at(-1)?.t ?? 0);
  }
  return text;
}

/** Reads an interval log back: every interval histogram, encoded, by tag. */
export function readIntervalLog(text: string): Map<string, string[]> {
  const byTag = new Map<string, string[]>();
  const reader = new hdr.HistogramLogReader(text);
  for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
    const tag = h.tag || 'untagged';
    byTag.set(tag, [...(byTag.get(tag) ?? []), hdr.encodeIntoCompressedBase64(h)]);
    h.destroy();
  }
  return byTag;
}
