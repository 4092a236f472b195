import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useServers } from '../helpers/server.js';
import { HAS_OPENSSL, REQUIRED, selfSigned } from '../helpers/tls.js';

const servers = useServers();

if (!HAS_OPENSSL && !REQUIRED)
  console.log('tls.test.ts skipped: no openssl found: apt-get install -y openssl to run the TLS test');

describe('TLS targets', () => {
  it.skipIf(!HAS_OPENSSL && !REQUIRED)(
    'runs against https:// and wss:// with --ca, refuses an unknown CA, and skips verification with --insecure, loudly',
    async () => {
      const tls = selfSigned();
      const server = await servers.start({ tls: { key: tls.key, cert: tls.cert } });
      expect(server.apiUrl).toMatch(/^https:\/\//);
      const base = [
        '--api',
        server.apiUrl,
        '--token',
        server.fixture.users[0].token,
        '--token',
        server.fixture.users[1].token,
        '--channel',
        'C0GENERAL',
        '--suite',
        'connect',
        '--suite',
        'ping',
        '--runs',
        '3',
        '--reporter',
        'console',
      ];
      const trusted = await runCli([...base, '--ca', join(tls.dir, 'cert.pem')]);
      expect(trusted.code, trusted.stdout + trusted.stderr).toBe(0);
      const untrusted = await runCli(base);
      expect(untrusted.code).toBe(3);
      expect(untrusted.stdout).toMatch(/SELF_SIGNED|self-signed|DEPTH_ZERO/i);
      const insecure = await runCli([...base, '--insecure']);
      expect(insecure.code).toBe(0);
      expect(insecure.stderr).toContain('WARNING: --insecure');
      const out = mkdtempSync(join(tmpdir(), 'rtmc-tls-load-'));
      const load = await runCli(
        [
          'load',
          '--api',
          server.apiUrl,
          '--token',
          server.fixture.users[0].token,
          '--channel',
          'C0RANDOM1',
          '--ca',
          join(tls.dir, 'cert.pem'),
          '--rate',
          '200',
          '--duration',
          '1',
          '--warmup',
          '0',
          '--connections',
          '1',
          '--out',
          out,
        ],
        { timeoutMs: 60_000 },
      );
      expect(load.code, load.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')).steps[0].counters.acked).toBe(200);
    },
  );
});
