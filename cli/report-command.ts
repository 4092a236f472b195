import { Command } from 'commander';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../harness/errors.js';
import { readRunFolder } from '../harness/results/run-folder.js';
import { writeHtmlReport } from '../reports/html.js';
import { renderMarkdown } from '../reports/markdown.js';

/**
 * `report DIR`: re-renders index.html from the results.json / load.json in DIR (an old run, a new renderer).
 * `--markdown FILE` also appends the run's Markdown summary to FILE (`-`: stdout), as the GitHub Action does
 * with $GITHUB_STEP_SUMMARY.
 */
export function reportCommand(): Command {
  return new Command('report')
    .description('regenerate DIR/index.html from DIR/results.json and/or DIR/load.json')
    .argument('<dir>', 'a report folder')
    .option('--markdown <file>', "append the run's Markdown summary to FILE ('-' for stdout)")
    .action(async (dir: string, flags: { markdown?: string }) => {
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
