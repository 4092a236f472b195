import { Command } from 'commander';
import { appendFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../harness/errors.js';
import { readRunFolder } from '../harness/results/run-folder.js';
import { writeHtmlReport } from '../reports/html.js';
import { renderMarkdown } from '../reports/markdown.js';
import { collect } from './parse-options.js';
import { type RegradeFlags, regradeRecording } from './regrade-recording.js';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * `report DIR`: re-renders index.html from the results.json / load.json in DIR (an old run, a new renderer).
 * `--markdown FILE` also appends the run's Markdown summary to FILE (`-`: stdout), as the GitHub Action does
 * with $GITHUB_STEP_SUMMARY.
 */
export function reportCommand(setExit: (code: number) => void = () => {}): Command {
  return new Command('report')
    .description(
      'regenerate DIR/index.html from DIR/results.json and/or DIR/load.json, or grade a proxy RECORDING (a file) again',
    )
    .argument('<dir>', 'a report folder, or a recording written by `proxy`')
    .option('--markdown <file>', "append the run's Markdown summary to FILE ('-' for stdout)")
    .option('--out <dir>', 'RECORDING only: report folder (default ./rtm-conformance-proxy-report)')
    .option(
      '--reporter <name>',
      'RECORDING only, repeatable: console, json, junit, html, markdown (default: all)',
      collect,
    )
    .option('--strict', 'RECORDING only: a SHOULD that fails (warn) counts as a failure')
    .action(async (dir: string, flags: { markdown?: string } & RegradeFlags) => {
      if (isFile(dir)) return setExit(await regradeRecording(dir, flags));
      const folder = readRunFolder(dir, 'report');
      try {
        await writeHtmlReport(dir, folder.results, folder.load);
      } catch (err) {
        throw new HarnessError('E_USAGE', `report: ${dir}: ${(err as Error).message}`);
      }
      // With the summary on stdout, the progress note goes to stderr so that stdout is the Markdown alone.
      (flags.markdown === '-' ? process.stderr : process.stdout).write(
        `rtm-conformance: wrote ${join(dir, 'index.html')}\n`,
      );
      if (flags.markdown === undefined) return;
      if (!folder.results) throw new HarnessError('E_USAGE', `report --markdown: ${dir} holds no results.json`);
      const summary = renderMarkdown(folder.results);
      if (flags.markdown === '-') process.stdout.write(summary);
      else {
        try {
          appendFileSync(flags.markdown, summary);
        } catch (err) {
          throw new HarnessError(
            'E_USAGE',
            `--markdown ${flags.markdown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
          );
        }
      }
    });
}
