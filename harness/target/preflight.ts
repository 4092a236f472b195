import { callWebApi } from '../session/rtm-connect.js';
import type { Target } from './target.js';

/** Whether the target's Web API answers at all; the reason (redacted) when it does not. */
export async function preflight(target: Target, timeoutMs: number): Promise<string | undefined> {
  try {
    await callWebApi({ apiUrl: target.apiUrl, token: undefined, method: 'api.test', timeoutMs, tls: target.tls });
    return undefined;
  } catch (err) {
    return target.redactor.text((err as Error).message);
  }
}
