// An echo bot on the RtmClient of before 4.0: slack-client 2 (npm install slack-client@2.0.6) and @slack/client 3
// (npm install @slack/client@3.16.0) share this callback API. As `rtm-conformance client` grades it:
//   npx rtm-conformance client -- node examples/legacy-rtm-client-echo.cjs slack-client
// The argument is the installed package's name or folder (scripts/matrix/ passes the folder). The application code
// is the contract's one rule: answer "echo <text>" with "<text>" in the same channel, once per message.
const { RtmClient } = require(process.argv[2] ?? 'slack-client');

const answered = new Set();

function connect(token) {
  // @slack/client 3 calls rtm.start unless asked for rtm.connect; slack-client 2 knows only rtm.start.
  const rtm = new RtmClient(token, { slackAPIUrl: process.env.RTM_API_URL, logLevel: 'error', useRtmConnect: true });
  rtm.on('message', (event) => {
    if (event.subtype || typeof event.text !== 'string' || !event.text.startsWith('echo ') || event.user === rtm.activeUserId) return;
    const key = `${event.channel}:${event.ts}`;
    if (answered.has(key)) return;
    answered.add(key);
    rtm.sendMessage(event.text.slice('echo '.length), event.channel, (err) => {
      if (err) console.error(`send failed: ${err.message ?? err}`);
    });
  });
  rtm.start();
  return rtm;
}

const clients = [connect(process.env.RTM_TOKEN)];
if (process.env.RTM_TOKEN_2) clients.push(connect(process.env.RTM_TOKEN_2));
process.on('SIGTERM', () => {
  for (const c of clients) c.disconnect();
  process.exit(0);
});
