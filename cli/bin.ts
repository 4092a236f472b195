#!/usr/bin/env node
import { main } from './main.js';

// `rtm-conformance --list | head`: a reader that stops early is not an error, and never a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // A target that keeps a socket half-open must not keep the CLI alive once the run has ended.
  setTimeout(() => process.exit(code), 2000).unref();
});
