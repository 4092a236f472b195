import { LogLevel, RTMClient } from '@slack/rtm-api';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy } from '../../../harness/proxy/proxy.js';
import { type RunningServer, startServer } from '../../../harness/server/server.js';

/** The bounds the tests record with: a reply later than 300 ms is none. */
export const TEST_SETTINGS = { replyTimeoutMs: 300, pingBoundMs: 10_000, maxFrameBytes: 1 << 20 };

/** @slack/rtm-api sends `messages` messages, one after another, through `apiUrl`, then disconnects. */
export async function chatWithRtmApi(apiUrl: string, server: RunningServer, messages: number): Promise<void> {
  const rtm = new RTMClient(server.fixture.users[0].token, { slackApiUrl: apiUrl, logLevel: LogLevel.ERROR });
  const ready = new Promise((resolve) => rtm.once('ready', resolve));
  await rtm.start();
  await ready;
  const channel = server.fixture.channels[0].id;
  for (let i = 0; i < messages; i++) {
    const acked = rtm.sendMessage(`through the proxy ${i}`, channel).then(
      () => true,
      () => false,
    );
    // The library sends one message at a time, each after the last one's ack: one a faulty server never answered
    // holds back the rest. Waiting past the reply timeout makes its missing reply one the judges hold it to.
    const answered = await Promise.race([acked, sleep(2 * TEST_SETTINGS.replyTimeoutMs).then(() => false)]);
    if (!answered) break;
  }
  await rtm.disconnect();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The reference server (with `faults`), the proxy in front of it, @slack/rtm-api through both: the recording. */
export async function recordRtmApi(faults: string[], messages = 25): Promise<string> {
  const server = await startServer({ faults });
  const file = join(mkdtempSync(join(tmpdir(), 'rtm-proxy-')), 'recording.jsonl');
  const proxy = await startProxy({ upstream: server.apiUrl, recordingFile: file, settings: TEST_SETTINGS });
  try {
    await chatWithRtmApi(proxy.apiUrl, server, messages);
  } finally {
    await proxy.close();
    await server.close();
  }
  return file;
}
