// npm's slack-mock (npm install slack-mock@1.1.1) as a server `rtm-conformance run` can grade (scripts/matrix/
// does this):
//   node examples/slack-mock-server.cjs && npx rtm-conformance run --api URL --token xoxb-any   # URL: its first line
// slack-mock has no Web API server: it answers https://slack.com/api/* inside its own process, through nock. This
// wrapper is a transport and nothing more: each request to its /api/METHOD goes, as it came (method, query,
// headers, body), to https://slack.com/api/METHOD in this process, where slack-mock answers it, and slack-mock's
// answer comes back unchanged. The RTM socket is slack-mock's own server, at the URL its rtm.connect gives.
// The argument is the installed package's name or folder. Prints the base URL; serves until SIGTERM or SIGINT.
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');

const MAX_BODY = 64 * 1024;

// slack-mock's RTM server listens on a port it is given (9001 when given 0) on every interface; a free port is
// found first, and every listen without a host is held to the loopback interface.
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

function forward(req, res) {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    const headers = { ...req.headers, host: 'slack.com' };
    // The options-only form: slack-mock's nock (9) predates request(url, options, callback).
    const target = { protocol: 'https:', host: 'slack.com', path: req.url, method: req.method, headers };
    const inner = https.request(target, (answer) => {
      // ------------------------------------------------------------------------------------------------------
      // nock 9's fake socket is no stream: Node 18 and 20 crash destroying a response that has ended on it
      // (ERR_INVALID_ARG_TYPE in end-of-stream, a process exit through slack-mock's logger). It is not destroyed.
      // ------------------------------------------------------------------------------------------------------
      answer._readableState.autoDestroy = false;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    inner.setTimeout(5000, () => inner.destroy(new Error('slack-mock did not answer within 5 s')));
    inner.on('error', (err) => {
      console.error(`slack-mock-server: ${req.method} ${req.url.split('?')[0]}: ${err.message}`);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`slack-mock did not answer: ${err.message}`);
    });
    inner.end(Buffer.concat(chunks));
  });
}

async function main() {
  const SlackMock = require(process.argv[2] ?? 'slack-mock');
  SlackMock({ rtmPort: await freePort(), logLevel: 'error' });
  const front = http.createServer(forward);
  front.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${front.address().port}/api/`));
  const stop = () => front.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
