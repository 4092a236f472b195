import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A child process running `name` (a module beside `here`), from dist/ as JavaScript or, in tests and development,
 * from source through tsx (registered by its resolved URL: a test runner's own loader is not inherited).
 */
export function forkModule(here: string, name: string, args: string[] = []): ChildProcess {
  const source = here.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./${name}${source ? '.ts' : '.js'}`, here));
  const execArgv =
    source && !process.execArgv.some((a) => a.includes('tsx')) ? ['--import', import.meta.resolve('tsx')] : [];
  return fork(entry, args, {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    ...(execArgv.length ? { execArgv: [...process.execArgv, ...execArgv] } : {}),
  });
}
