import { DEFAULT_URL_TTL_SEC, type RunOptions } from '../config/resolve.js';
import { MAX_MESSAGE_BYTES } from '../protocol/frame-size.js';
import type { Target } from './target.js';

/**
 * The command that runs one case again. Tokens are named by the variables that carry them ($RTM_TOKEN,
 * $RTM_TOKEN_2, …), never by value; every token of the run, since a check may use any of them (the last
 * one is presence's bystander), so the replay sees the same users.
 */
export function replayCommand(id: string, options: RunOptions, target: Target, path: string): string {
  const parts = ['npx rtm-conformance run', `--check ${id}`, `--seed ${options.seed}`];
  if (path) parts.push(`--path ${path}`);
  if (target.embedded) for (const f of target.faults) parts.push(`--fault ${f}`);
  else {
    parts.push(`--api ${target.redactor.text(target.apiUrl)}`);
    for (let i = 0; i < target.tokens.length; i++) parts.push(`--token "$RTM_TOKEN${i ? `_${i + 1}` : ''}"`);
    if (target.channel) parts.push(`--channel ${target.channel}`);
  }
  if (options.expect.urlTtlSec !== DEFAULT_URL_TTL_SEC) parts.push(`--expect-url-ttl ${options.expect.urlTtlSec}`);
  if (options.expect.maxMessageBytes !== MAX_MESSAGE_BYTES)
    parts.push(`--expect-max-bytes ${options.expect.maxMessageBytes}`);
  return parts.join(' ');
}
