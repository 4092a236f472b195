import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The package as a consumer gets it: package.json's "exports" resolved by Node's and TypeScript's own resolvers,
// through the package's name (a package may import itself by name once it has an exports map). It checks the
// built package in dist/, which `npm ci` and `npm install` build (the prepare script); it does not build it itself:
// a full build takes about 20 s on two cores and would rewrite dist/ under anything else using it.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports?: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
};
const ENTRY = (PKG.exports?.['.'] ?? {}) as { types: string; default: string };

function requireBuilt(file: string): void {
  if (!existsSync(join(ROOT, file))) {
    throw new Error(
      `${file} is missing: this test checks the built package; run \`npm run build\` (npm ci does) first`,
    );
  }
}

/** A consumer in a child process: plain Node, no vitest or tsx in between, importing the package by its name. */
const CONSUMER = `
import { createRequire } from 'node:module';
const out = { resolved: import.meta.resolve(${JSON.stringify(PKG.name)}) };
const api = await import(${JSON.stringify(PKG.name)});
out.exported = Object.keys(api).sort();
out.faultNames = api.FAULT_NAMES;
const server = await api.startServer({});
out.apiUrl = server.apiUrl;
out.apiTest = await (await fetch(server.apiUrl + 'api.test', { method: 'POST' })).json();
out.methods = ['close', 'goodbyeAll', 'dropAll', 'post'].filter((m) => typeof server[m] === 'function');
await server.close();
out.packageJson = createRequire(process.cwd() + '/').resolve(${JSON.stringify(`${PKG.name}/package.json`)});
try {
  import.meta.resolve(${JSON.stringify(`${PKG.name}/dist/harness/server/server.js`)});
  out.deepImport = 'resolved';
} catch (err) {
  out.deepImport = err.code;
}
console.log(JSON.stringify(out));
`;

/** What a TypeScript consumer writes; it must type-check against the published declarations alone. */
const TS_CONSUMER = `
import { FAULT_NAMES, startServer, type RunningServer, type ServerOptions } from ${JSON.stringify(PKG.name)};
const options: ServerOptions = { faults: [FAULT_NAMES[0]], urlTtlMs: 1000, rateLimit: false };
const running: Promise<RunningServer> = startServer(options);
export const closed: Promise<void> = running.then((s) => {
  const url: string = s.apiUrl;
  s.goodbyeAll();
  s.dropAll();
  return url ? s.close() : s.close();
});
// @ts-expect-error a misspelt option is refused by the published types
startServer({ urlTTLMs: 1 });
`;

describe("the package's exports map", () => {
  it('points "." at built JavaScript and its declarations, and keeps the bin', () => {
    expect(ENTRY).toEqual({ types: './dist/harness/index.d.ts', default: './dist/harness/index.js' });
    expect(Object.keys(ENTRY)[0], '"types" must come first: resolvers take the first condition that matches').toBe(
      'types',
    );
    for (const file of [ENTRY.default, ENTRY.types, PKG.bin['rtm-conformance']]) requireBuilt(file);
    const bin = join(ROOT, PKG.bin['rtm-conformance']);
    accessSync(bin, constants.X_OK);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('resolves by name in plain Node, and the imported startServer serves on loopback', async () => {
    requireBuilt(ENTRY.default);
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', CONSUMER], {
      cwd: ROOT,
      timeout: 15_000,
    });
    const out = JSON.parse(stdout);
    expect(out.resolved).toBe(new URL(ENTRY.default, `file://${ROOT}`).href);
    expect(out.exported).toEqual(['DEFAULT_FIXTURE', 'FAULT_NAMES', 'startServer']);
    expect(out.faultNames).toEqual(expect.arrayContaining(['duplicate-ack', 'reorder-acks', 'closes-at-once']));
    expect(out.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(out.apiTest).toMatchObject({ ok: true });
    expect(out.methods).toEqual(['close', 'goodbyeAll', 'dropAll', 'post']);
    expect(out.packageJson).toBe(join(ROOT, 'package.json'));
    // Only what the map names is public: internals are not importable by path.
    expect(out.deepImport).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it("gives TypeScript the declarations through the map, and they type a consumer's code", () => {
    requireBuilt(ENTRY.types);
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    };
    // A file inside the package (so its name resolves to itself), given to the compiler from memory.
    const consumer = join(ROOT, 'test/architecture/exports-consumer.ts');
    const resolved = ts.resolveModuleName(
      PKG.name,
      consumer,
      options,
      ts.sys,
      undefined,
      undefined,
      ts.ModuleKind.ESNext,
    );
    expect(resolved.resolvedModule?.resolvedFileName).toBe(join(ROOT, ENTRY.types));
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) =>
      name === consumer ? ts.createSourceFile(name, TS_CONSUMER, language) : getSourceFile(name, language, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === consumer || fileExists(name);
    const program = ts.createProgram([consumer], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});
