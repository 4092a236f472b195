import { clientJudges } from './client.js';
import type { JudgeSpec } from './judge.js';
import { pingJudges } from './ping.js';
import { replyJudges } from './replies.js';
import { serverFrameJudges } from './server-frames.js';
import { sizeJudges } from './size.js';

export type { JudgeContext, JudgeSpec } from './judge.js';

/** Every passive judge: the server's side first, then the client's. */
export const JUDGES: readonly JudgeSpec[] = [
  ...serverFrameJudges,
  ...replyJudges,
  ...pingJudges,
  ...sizeJudges,
  ...clientJudges,
];
