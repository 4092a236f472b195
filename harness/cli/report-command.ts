import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.js';
import { writeHtmlReport } from '../../reports/html.js';

/** `report DIR`: re-renders index.html from the results.json / load.json in DIR (an old run, a new renderer). */
export function reportCommand(): Command {
  return new Command('report')
    .description('regenerate DIR/index.html from DIR/results.json and/or DIR/load.json')
    .argument('<dir>', 'a report folder')
    .action(async (dir: string) => {
      if (!existsSync(join(dir, 'results.json')) && !existsSync(join(dir, 'load.json'))) {
        throw new HarnessError('E_USAGE', `report: ${dir} holds neither results.json nor load.json`);
      }
      try {
        await writeHtmlReport(dir);
      } catch (err) {
        throw new HarnessError('E_USAGE', `report: ${dir}: ${(err as Error).message}`);
      }
      process.stdout.write(`rtm-conformance: wrote ${join(dir, 'index.html')}\n`);
    });
}
