// Preloaded into a CLI child by tests (`node --import`): prints its peak RSS on stderr as it exits, as GNU time -f %M would.
process.on('exit', () => process.stderr.write(`MAXRSS_KB=${process.resourceUsage().maxRSS}\n`));
