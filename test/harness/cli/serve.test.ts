import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../../harness/session/open-session.js';
import { CLI_COMMAND, runCli } from '../../helpers/cli.js';

describe('serve', () => {
  it('prints its URL first, then users with tokens and channels, serves real sessions, and exits cleanly on SIGTERM', async () => {
    const [command, ...args] = [...CLI_COMMAND, 'serve', '--url-ttl', '5', '--fault', 'chatty'];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const firstLines = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no channels: ${out}`)), 15_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('channel C0RANDOM1')) {
          clearTimeout(timer);
          resolve(out);
        }
      });
    });
    const text = await firstLines;
    const lines = text.split('\n');
    const m = /^rtm-conformance: serving (http:\/\/127\.0\.0\.1:\d+\/api\/)$/.exec(lines[0]);
    expect(m, lines[0]).not.toBeNull();
    expect(text).toContain('user U0ROBOT03 robot token xoxb-1000-robot-reference bot B0ROBOT03');
    expect(text).toContain('channel C0GENERAL #general members U0ALICE01,U0BOB0002,U0ROBOT03');
    const { socket } = await openSession({ apiUrl: m![1], token: 'xoxp-1000-alice-reference' });
    expect(await socket.nextFrame(() => true, 2000)).toEqual({ type: 'hello' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await socket.waitClosed(2000)).not.toBe(false);
  });

  it('lists faults and refuses an unknown one with exit 2', async () => {
    const list = await runCli(['serve', '--list-faults']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^drop-ack\s+fault\s+every 7th/m);
    expect(list.stdout).toMatch(/^reorder-acks\s+variation/m);
    const bad = await runCli(['serve', '--fault', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('rtm-conformance: --fault: unknown fault "nope" (see serve --list-faults)');
    const rate = await runCli(['serve', '--rate-limit', 'fast']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain('--rate-limit');
  });
});
