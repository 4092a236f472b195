// Botkit 0.7's Slack example bot (botkit/examples/slack_bot.js: its "hello" handler), as any bot is graded:
//   (cd /tmp/botkit && npm init -y && npm pkg set overrides.reconnect-core=1.3.0 && npm install botkit@0.7.6)
//   NODE_PATH=/tmp/botkit/node_modules npx rtm-conformance client --profile lifecycle \
//     --trigger '<@U0ROBOT03> hello' -- node examples/bots/botkit-slackbot.cjs
// The override: botkit 0.7.6 pulls reconnect-core from a git tarball; the registry's 1.3.0 installs instead.
// Only the wiring changes: the token and the API root come from rtm-conformance's variables (RTM_TOKEN,
// RTM_API_URL, which ends in /api/ where botkit's api_root does not), the log is quiet, and send_via_rtm (a
// botkit option) makes it answer on the socket: by default it answers through chat.postMessage, which the
// lifecycle profile does not see. U0ROBOT03 is the bot user of the reference server's workspace: botkit hears
// "hello" only where the bot is mentioned.
const Botkit = require('botkit');

const controller = Botkit.slackbot({
  api_root: process.env.RTM_API_URL.replace(/\/api\/?$/, ''),
  logLevel: 3,
  send_via_rtm: true,
});

controller.spawn({ token: process.env.RTM_TOKEN }).startRTM();

controller.hears(['hello', 'hi'], 'direct_message,direct_mention,mention', (bot, message) => {
  bot.api.reactions.add({ timestamp: message.ts, channel: message.channel, name: 'robot_face' }, (err) => {
    if (err) bot.botkit.log('Failed to add emoji reaction :(', err);
  });
  controller.storage.users.get(message.user, (err, user) => {
    if (user && user.name) bot.reply(message, `Hello ${user.name}!!`);
    else bot.reply(message, 'Hello.');
  });
});
