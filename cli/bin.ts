#!/usr/bin/env node
import { main } from './main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // A target that keeps a socket half-open must not keep the CLI alive once the run has ended.
  setTimeout(() => process.exit(code), 2000).unref();
});
