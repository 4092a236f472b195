import { readFileSync } from 'node:fs';

/**
 * This process's open-file limits (Linux: /proc/self/limits), or undefined elsewhere. Node raises the soft limit to
 * the hard one at start-up, so the hard limit is what a process may hold; past it only more processes help.
 */
export function fileLimits(): { soft: number; hard: number } | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const m = line && /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(line);
    if (!m) return undefined;
    const n = (v: string) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v));
    return { soft: n(m[1]), hard: n(m[2]) };
  } catch {
    return undefined;
  }
}

/** Files a process keeps besides its sockets (stdio, IPC, the event loop's own, modules): a margin under the limit. */
export const FILE_MARGIN = 100;

/** Sockets one process may hold under its limit, or Infinity when the limit is unknown. */
export function socketsPerProcess(limits = fileLimits()): number {
  return limits ? Math.max(0, limits.soft - FILE_MARGIN) : Number.POSITIVE_INFINITY;
}

/** The one-line advice when a process needs more files than its soft limit allows. */
export function fileLimitAdvice(what: string, needed: number, limits = fileLimits()): string | undefined {
  if (!limits || needed + FILE_MARGIN <= limits.soft) return undefined;
  const fix =
    needed + FILE_MARGIN <= limits.hard
      ? `run \`ulimit -n ${limits.hard}\` first`
      : `the hard limit is ${limits.hard} per process: run as shards (--shard i/n, each with its own server) or raise it as root (\`ulimit -Hn ${needed + FILE_MARGIN}\` in a root shell, or LimitNOFILE in the service)`;
  return `${what} needs ${needed} sockets but may open ${limits.soft} files (ulimit -n); ${fix}`;
}
