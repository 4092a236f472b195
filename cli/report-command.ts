import { Command } from 'commander';
import { join } from 'node:path';
import { HarnessError } from '../harness/errors.js';
import { readRunFolder } from '../harness/results/run-folder.js';
import { writeHtmlReport } from '../reports/html.js';

/** `report DIR`: re-renders index.html from the results.json / load.json in DIR (an old run, a new renderer). */
export function reportCommand(): Command {
  return new Command('report')
    .description('regenerate DIR/index.html from DIR/results.json and/or DIR/load.json')
    .argument('<dir>', 'a report folder')
    .action(async (dir: string) => {
      const folder = readRunFolder(dir, 'report');
      try {
        await writeHtmlReport(dir, folder.results, folder.load);
      } catch (err) {
        throw new HarnessError('E_USAGE', `report: ${dir}: ${(err as Error).message}`);
      }
      process.stdout.write(`rtm-conformance: wrote ${join(dir, 'index.html')}\n`);
    });
}
