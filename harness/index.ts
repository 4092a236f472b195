// The programmatic API, what `import … from 'rtm-conformance'` gives (package.json's "exports"): the reference
// server that the README documents. Everything else under harness/ is internal and may change between versions.
import { FAULTS } from './server/faults/index.js';

export type { Fixture, FixtureChannel, FixtureUser } from './server/fixture.js';
export { DEFAULT_FIXTURE } from './server/fixture.js';
export type { CannedAnswer, ServerObserver } from './server/observer.js';
export type { RateLimit } from './server/rate-limit.js';
export { type RunningServer, type ServerOptions, startServer } from './server/server.js';

/** Every name `ServerOptions.faults` accepts (faults, variations, degenerate targets), as `serve --list-faults` lists them. */
export const FAULT_NAMES: readonly string[] = Object.freeze([...FAULTS.keys()]);
