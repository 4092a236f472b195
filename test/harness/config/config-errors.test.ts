import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../harness/config/load-config.js';
import { resolveRunOptions } from '../../../harness/config/resolve.js';
import { HarnessError } from '../../../harness/errors.js';
import { runCli } from '../../helpers/cli.js';

function errorOf(text: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    parseConfigText(text, 'c.yaml', env);
  } catch (err) {
    expect(err).toBeInstanceOf(HarnessError);
    expect((err as HarnessError).code).toBe('E_CONFIG');
    return (err as Error).message;
  }
  throw new Error('expected a config error');
}

describe('conformance.yaml', () => {
  it('names file:line:col for invalid YAML', () => {
    expect(errorOf('seed: 1\ntarget: [unclosed\n')).toMatch(/^c\.yaml:\d+:\d+: invalid YAML: /);
  });

  it('names file:line:col and the key path of an unknown key', () => {
    expect(errorOf('seed: 1\ntarget:\n  api: http://x/api/\n  tokenz: [a]\n')).toBe(
      'c.yaml:4:3: target.tokenz: unknown key',
    );
  });

  it('names file:line:col and the key path of a wrong type', () => {
    expect(errorOf('runs: many\n')).toMatch(/^c\.yaml:1:7: runs: /);
    expect(errorOf('expect:\n  maxMessageBytes: 1.5\n')).toMatch(/^c\.yaml:2:20: expect\.maxMessageBytes: /);
    expect(errorOf('reports:\n  formats: [json, pdf]\n')).toMatch(/^c\.yaml:2:\d+: reports\.formats\.1: /);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: ${VAR} in a config file is what this test is about
  it('interpolates ${VAR} from the environment and names an unset one', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${VAR} in a config file is what this test is about
    expect(parseConfigText('target:\n  tokens: ["${TOK}"]\n', 'c.yaml', { TOK: 'xoxb-9' }).target?.tokens).toEqual([
      'xoxb-9',
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${VAR} in a config file is what this test is about
    expect(errorOf('target:\n  tokens: ["${NOPE_TOKEN}"]\n')).toBe(
      'c.yaml:2:12: environment variable NOPE_TOKEN is not set',
    );
  });

  it('lets flags override the file and the environment supply tokens', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtmc-'));
    writeFileSync(
      join(dir, 'conformance.yaml'),
      'seed: 3\nruns: 9\ntarget:\n  api: http://127.0.0.1:1/api/\n  tokens: [xoxp-file]\n',
    );
    const options = resolveRunOptions({ runs: 4 }, { RTM_TOKEN: 'xoxp-env', RTM_TOKEN_2: 'xoxp-env2' }, dir);
    expect(options).toMatchObject({
      seed: 3,
      runs: 4,
      target: { api: 'http://127.0.0.1:1/api/', tokens: ['xoxp-env', 'xoxp-env2'] },
    });
    expect(resolveRunOptions({ token: ['xoxp-flag'] }, { RTM_TOKEN: 'xoxp-env' }, dir).target.tokens).toEqual([
      'xoxp-flag',
    ]);
  });

  it('exits 2 from the CLI with one line, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtmc-'));
    writeFileSync(join(dir, 'bad.yaml'), 'suites:\n  include: [connect]\n  exclud: [x]\n');
    const run = await runCli(['-c', join(dir, 'bad.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`rtm-conformance: ${join(dir, 'bad.yaml')}:3:3: suites.exclud: unknown key`);
    const missing = await runCli(['-c', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: cannot read (ENOENT)');
  });
});
