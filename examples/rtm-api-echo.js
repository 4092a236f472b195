// An echo bot on @slack/rtm-api (npm install @slack/rtm-api@6.2.1), as `rtm-conformance client` grades it:
//   npx rtm-conformance client -- node examples/rtm-api-echo.js
// The same code runs on every library with this RTMClient API (@slack/rtm-api 5-7, @slack/client 4): pass the
// installed package's folder (or name) as the argument, as the compatibility matrix does (scripts/matrix/).
// The application code is the contract's one rule: answer "echo <text>" with "<text>" in the same channel,
// once per message (on Enterprise Grid the same message arrives once per workspace connection, same ts).
import { createRequire } from 'node:module';

const { LogLevel, RTMClient } = createRequire(import.meta.url)(process.argv[2] ?? '@slack/rtm-api');

const answered = new Set();

async function connect(token) {
  const rtm = new RTMClient(token, { slackApiUrl: process.env.RTM_API_URL, logLevel: LogLevel.ERROR });
  rtm.on('message', async (event) => {
    if (event.subtype || typeof event.text !== 'string' || !event.text.startsWith('echo ') || event.user === rtm.activeUserId) return;
    const key = `${event.channel}:${event.ts}`;
    if (answered.has(key)) return;
    answered.add(key);
    try {
      await rtm.sendMessage(event.text.slice('echo '.length), event.channel);
    } catch (err) {
      console.error(`send failed: ${err.message}`);
    }
  });
  await rtm.start();
  return rtm;
}

const clients = [await connect(process.env.RTM_TOKEN)];
if (process.env.RTM_TOKEN_2) clients.push(await connect(process.env.RTM_TOKEN_2));
process.on('SIGTERM', async () => {
  await Promise.allSettled(clients.map((c) => c.disconnect()));
  process.exit(0);
});
