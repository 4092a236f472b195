// An echo bot on botkit 0.7 (npm install botkit@0.7.6), as `rtm-conformance client` grades it:
//   npx rtm-conformance client -- node examples/botkit-echo.cjs
// The argument is the installed package's name or folder (scripts/matrix/ passes the folder). botkit wants the
// host root and adds /api/ itself; it answers through the Web API's chat.postMessage unless `send_via_rtm` is set,
// and reconnects only with `retry` (both off by default). The application code is the contract's one rule: answer "echo <text>" with "<text>" in the same channel, once.
const Botkit = require(process.argv[2] ?? 'botkit');

const apiRoot = process.env.RTM_API_URL.replace(/\/api\/?$/, '');
const controller = Botkit.slackbot({ api_root: apiRoot, send_via_rtm: true, retry: Infinity, log: false, debug: false });
const answered = new Set();

// The ingest middleware sees each RTM event as it came, before botkit classifies it (a direct mention would lose
// its <@bot> prefix there).
controller.middleware.ingest.use((bot, event, source, next) => {
  const own = bot.identity && event.user === bot.identity.id;
  if (event.type === 'message' && !event.subtype && typeof event.text === 'string' && event.text.startsWith('echo ') && !own) {
    const key = `${event.channel}:${event.ts}`;
    if (!answered.has(key)) {
      answered.add(key);
      bot.say({ text: event.text.slice('echo '.length), channel: event.channel });
    }
  }
  next();
});

const bots = [controller.spawn({ token: process.env.RTM_TOKEN, api_root: apiRoot }).startRTM()];
if (process.env.RTM_TOKEN_2) bots.push(controller.spawn({ token: process.env.RTM_TOKEN_2, api_root: apiRoot }).startRTM());
process.on('SIGTERM', () => {
  for (const bot of bots) bot.closeRTM();
  process.exit(0);
});
