import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { gradeRecording } from '../../harness/proxy/grade.js';
import { startProxy } from '../../harness/proxy/proxy.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { type ServerOptions, startServer } from '../../harness/server/server.js';
import { TEST_SETTINGS } from '../harness/proxy/rtm-api-through-proxy.js';
import { HAS_OPENSSL, REQUIRED, selfSigned } from '../helpers/tls.js';

/** The reference server (`options`), the proxy in front of it (`tls` to trust it), and a recording file. */
async function through(options: ServerOptions, tls?: { ca?: string; insecure?: boolean }) {
  const server = await startServer(options);
  const file = join(mkdtempSync(join(tmpdir(), 'rtm-proxy-up-')), 'recording.jsonl');
  const proxy = await startProxy({ upstream: server.apiUrl, recordingFile: file, settings: TEST_SETTINGS, tls });
  const connect = () =>
    fetch(`${proxy.apiUrl}rtm.connect`, { method: 'POST', body: `token=${server.fixture.users[0].token}` });
  return {
    server,
    file,
    connect,
    /** Opens `url`: its first frame, or the HTTP status it was refused with. */
    open: (url: string) =>
      new Promise<{ ws: WebSocket; first: string } | { status: number }>((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.once('message', (data) => resolve({ ws, first: String(data) }));
        ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
        ws.once('error', reject);
      }),
    async close() {
      await proxy.close();
      await server.close();
    },
  };
}

describe('proxy: the upstream', () => {
  it.skipIf(!HAS_OPENSSL && !REQUIRED)(
    'over TLS: relays https:// and wss:// with --ca; without it the client gets 502 and nothing is relayed',
    async () => {
      const cert = selfSigned();
      const trusted = await through({ tls: { key: cert.key, cert: cert.cert } }, { ca: cert.cert });
      try {
        const { url } = (await (await trusted.connect()).json()) as { url: string };
        expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/websocket\/[A-Za-z0-9_-]{32}$/);
        const opened = await trusted.open(url);
        expect(opened).toMatchObject({ first: '{"type":"hello"}' });
        if ('ws' in opened) opened.ws.close();
      } finally {
        await trusted.close();
      }
      const untrusted = await through({ tls: { key: cert.key, cert: cert.cert } });
      try {
        expect((await untrusted.connect()).status).toBe(502);
      } finally {
        await untrusted.close();
      }
      expect(readFileSync(untrusted.file, 'utf8')).toContain('"method":"rtm.connect","status":502');
    },
  );

  it('a URL refused at the upgrade (handshake-reject) reaches the client as the same status, and counts as a reuse', async () => {
    const p = await through({ faults: ['handshake-reject'] });
    try {
      const { url } = (await (await p.connect()).json()) as { url: string };
      const first = await p.open(url);
      expect(first).toMatchObject({ first: '{"type":"hello"}' });
      if ('ws' in first) first.ws.close();
      expect(await p.open(url)).toEqual({ status: 404 });
      // A path the proxy never handed out: its own 404, nothing sent upstream.
      expect(await p.open(url.replace(/[A-Za-z0-9_-]{32}$/, 'A'.repeat(32)))).toEqual({ status: 404 });
    } finally {
      await p.close();
    }
    const { results } = await gradeRecording(p.file, { version: 'test', strict: false }, []);
    const reuse = results.find((r) => r.id === 'client.single-use-url')!;
    expect([reuse.status, reuse.expected]).toEqual(['fail', [CLIENT_REQUIRES.socketUrlUsedOnce]]);
    // Recorded once each: the reuse the upstream refused, and the path the proxy never handed out.
    const refusals = readFileSync(p.file, 'utf8').match(/"kind":"refused".*/g) ?? [];
    expect(refusals.map((r) => r.replace(/"t":[\d.]+,/, ''))).toEqual([
      '"kind":"refused","url":1,"attempt":2,"status":404}',
      '"kind":"refused","status":404}',
    ]);
  });
});
