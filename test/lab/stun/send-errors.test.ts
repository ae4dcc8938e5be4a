/**
 * A send the kernel refuses is counted, reported and survived: `stun-server` in a network
 * namespace this test makes (loopback only), an nftables rule in that namespace dropping what
 * leaves its primary port (the kernel then refuses the send, EPERM), a client asking five times:
 * no answer arrives, stderr names the destination and EPERM, and once the rule is gone the
 * server answers again; at SIGTERM its counts say 5 send errors and only the answers that left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../lab/netns/exec.ts';
import type { CliBundle } from './processes.ts';
import { bundleCli, requirePeers, startChild } from './processes.ts';

const NS = `hbsend-${process.pid}`;
const PORT = 3478;
const DROP = [
  'table inet hbsend {',
  '  chain out {',
  '    type filter hook output priority 0; policy accept;',
  `    udp sport ${PORT} drop`,
  '  }',
  '}',
].join('\n');

/** In NS: sends `n` Binding requests to 127.0.0.1:PORT, one every 20 ms; prints the answers heard. */
const CLIENT = `
const s = require('node:dgram').createSocket('udp4');
let heard = 0;
s.on('message', () => heard++);
const request = Buffer.from('000100002112a442' + '00'.repeat(12), 'hex');
s.bind(0, '127.0.0.1', async () => {
  for (let i = 0; i < Number(process.argv[1]); i++) {
    request[19] = i;
    s.send(request, ${PORT}, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 20));
  }
  setTimeout(() => { console.log(heard); s.close(); }, 300);
});`;

const inNs = (argv: string[], input?: string) =>
  run(['ip', 'netns', 'exec', NS, ...argv], { timeoutMs: 10_000, ...(input ? { input } : {}) });
const ask = async (n: number): Promise<number> => {
  const r = await inNs([process.execPath, '-e', CLIENT, String(n)]);
  if (!r.ok) throw new Error(`the client failed: ${r.stderr}`);
  return Number(r.stdout.trim());
};

let cli: CliBundle;
beforeAll(async () => {
  await requirePeers(['ip', 'nft']);
  await run(['ip', 'netns', 'del', NS]);
  const made = await run(['ip', 'netns', 'add', NS]);
  if (!made.ok) throw new Error(`cannot make namespace ${NS}: ${made.stderr}`);
  await run(['ip', '-n', NS, 'link', 'set', 'lo', 'up']);
  cli = await bundleCli();
});
afterAll(async () => {
  await run(['ip', 'netns', 'del', NS]);
  await cli?.remove();
});

describe('stun-server and a send the kernel refuses', () => {
  it('counts it as a send error, says where and why, and keeps answering', async () => {
    const server = await startChild([
      ...['ip', 'netns', 'exec', NS],
      ...cli.argv('stun-server', '--primary', '127.0.0.1', '--alternate', '127.0.0.2'),
    ]);
    try {
      await server.waitFor(/listening/, 10_000);
      expect(await ask(1)).toBe(1);
      const added = await inNs(['nft', '-f', '-'], `${DROP}\n`);
      expect(added.stderr).toBe('');
      expect(await ask(5)).toBe(0);
      expect((await inNs(['nft', 'delete', 'table', 'inet', 'hbsend'])).ok).toBe(true);
      expect(await ask(2)).toBe(2);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(server.stdout()).toMatch(
      /stopped \(SIGTERM\): 8 received, 3 answered, 0 ignored, 5 send errors\n$/,
    );
    expect(server.stderr()).toMatch(
      /send error: cannot answer 127\.0\.0\.1:\d+: permission denied \(EPERM\)/,
    );
  });
});
