// @slack/rtm-api 6.2.1's README example bot ("Send a message": it welcomes members who join a channel), as any bot
// is graded: npx rtm-conformance client --profile lifecycle -- node examples/bots/rtm-api-readme.cjs
// The README's code, but for the wiring: the token is RTM_TOKEN (the README reads SLACK_BOT_TOKEN) and the Web API
// is rtm-conformance's (RTM_API_URL). It never answers a message, so no --trigger makes it speak: the checks that
// need its words skip, saying so.
const { RTMClient } = require('@slack/rtm-api');
const token = process.env.RTM_TOKEN;
const rtm = new RTMClient(token, { slackApiUrl: process.env.RTM_API_URL });

// Listen for users who join a channel that the bot user is a member of
// See: https://api.slack.com/events/member_joined_channel
rtm.on('member_joined_channel', async (event) => {
  try {
    // Send a welcome message to the same channel where the new member just joined, and mention the user.
    const reply = await rtm.sendMessage(`Welcome to the channel, <@${event.user}>`, event.channel);
    console.log('Message sent successfully', reply.ts);
  } catch (error) {
    console.log('An error occurred', error);
  }
});

(async () => {
  await rtm.start();
})();
