/**
 * `stun-server --workers N` as a real process tree on loopback: N worker processes share the
 * four sockets, every request is answered once, SIGTERM or SIGINT stops the primary and every
 * worker and prints the sum of their counts; a primary killed outright takes its workers with
 * it; and the counts of several servers add up by cause.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../lab/netns/exec.ts';
import { addCounts } from '../../../lab/stun/workers.ts';
import { encodeMessage, unwrap } from '../../../src/model/stun/index.ts';
import type { CliBundle } from './processes.ts';
import { LOOPBACK, bundleCli, freePortPair, startChild, stunServerArgs } from './processes.ts';

let cli: CliBundle;
beforeAll(async () => {
  cli = await bundleCli();
});
afterAll(async () => cli?.remove());

/** The pids of `pid`'s children. */
async function childrenOf(pid: number): Promise<number[]> {
  const r = await run(['pgrep', '-P', String(pid)], { timeoutMs: 5_000 });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

/** Sends `perSocket` Binding requests from each of `sockets` sockets; resolves with answers. */
async function exchange(port: number, sockets: number, perSocket: number): Promise<number> {
  const open: Socket[] = [];
  let answers = 0;
  try {
    for (let i = 0; i < sockets; i++) {
      const s = createSocket('udp4');
      await new Promise<void>((r) => s.bind(0, LOOPBACK.primary, () => r()));
      s.on('message', () => answers++);
      open.push(s);
    }
    for (const s of open) {
      for (let k = 0; k < perSocket; k++) {
        const request = encodeMessage({
          class: 'request',
          method: 1,
          transactionId: new Uint8Array(randomBytes(12)),
          attributes: [],
        });
        s.send(unwrap(request), port, LOOPBACK.primary);
      }
    }
    const deadline = Date.now() + 5_000;
    while (answers < sockets * perSocket && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return answers;
  } finally {
    for (const s of open) s.close();
  }
}

describe('stun-server --workers', () => {
  it.each([
    ['SIGTERM', 2],
    ['SIGINT', 3],
  ] as const)(
    '%s stops %i workers; every request is answered once and counted',
    async (signal, n) => {
      const p = await freePortPair();
      const server = await startChild(cli.argv(...stunServerArgs(p, '--workers', String(n))));
      try {
        await server.waitFor(/^STUN server listening on .* \(\d+ worker processes\)$/m, 10_000);
        expect(server.stdout()).toContain(`(${n} worker processes)`);
        expect(await childrenOf(server.pid)).toHaveLength(n);
        expect(await exchange(p, 4, 50)).toBe(200);
      } finally {
        expect(await server.stop(signal)).toBe(0);
      }
      expect(server.stdout()).toMatch(
        new RegExp(
          `^stopped \\(${signal}\\): 200 received, 200 answered, 0 ignored, 0 send errors$`,
          'm',
        ),
      );
      expect(await childrenOf(server.pid)).toEqual([]);
    },
  );

  it('workers leave when their primary is killed outright', async () => {
    const p = await freePortPair();
    const server = await startChild(cli.argv(...stunServerArgs(p, '--workers', '2')));
    await server.waitFor(/listening/, 10_000);
    const workers = await childrenOf(server.pid);
    expect(workers).toHaveLength(2);
    await server.stop('SIGKILL');
    const deadline = Date.now() + 5_000;
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (workers.some(alive) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(workers.filter(alive)).toEqual([]);
  });

  it('a port in use fails once, with the same message as one process', async () => {
    const p = await freePortPair();
    const first = await startChild(cli.argv(...stunServerArgs(p)));
    try {
      await first.waitFor(/listening/, 10_000);
      const second = await cli.run(stunServerArgs(p, '--workers', '2'));
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(
        `stun-server: cannot listen on ${LOOPBACK.primary}:${p}: another socket already uses it (EADDRINUSE); stop that program or choose another port\n`,
      );
    } finally {
      await first.stop();
    }
  });

  it('adds counts up, ignored datagrams by cause', () => {
    const a = {
      received: 5,
      answered: 3,
      ignored: 2,
      sendErrors: 1,
      ignoredBy: { 'not-request': 2 },
    };
    const b = {
      received: 4,
      answered: 2,
      ignored: 2,
      sendErrors: 0,
      ignoredBy: { 'not-request': 1, malformed: 1 },
    } as const;
    expect(addCounts([a, b])).toEqual({
      received: 9,
      answered: 5,
      ignored: 4,
      sendErrors: 1,
      ignoredBy: { 'not-request': 3, malformed: 1 },
    });
  });
});
