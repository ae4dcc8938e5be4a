/**
 * `agujero netns up --live` on the real kernel (root): the Server, Alice's and Bob's agents run
 * in their namespaces, the agents reach the hub through the real NATs (the hub's TCP peers are
 * the routers' public addresses), a WebSocket client on the host's loopback sees them and runs a
 * step, `punch` connects Alice and Bob through the live server, and `down` leaves no namespace,
 * nftables rule, process or file; also after `up --live` was SIGKILLed halfway. Topology names
 * are unique to this file's process.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../lab/netns/exec.ts';
import type { ExecResult } from '../../../lab/netns/exec.ts';
import { tcpPeers } from '../../../lab/netns/live-check.ts';
import { execIn, listNamespaces } from '../../../lab/netns/index.ts';
import { pidAlive } from '../../../lab/netns/runs.ts';
import { liveDir, statePath } from '../../../lab/netns/state.ts';
import type { TopologyState } from '../../../lab/netns/state.ts';
import { browser } from '../hub/clients.ts';
import { ROOT } from '../stun/processes.ts';
import { requireLabBundle, requireNetns } from './require-netns.ts';

const BIN = `${ROOT}bin/agujero.mjs`;
const agujero = (...args: string[]): Promise<ExecResult> =>
  run([process.execPath, BIN, ...args], { timeoutMs: 30_000 });
const NAME = `lv${process.pid}`;
const ours = async (name: string): Promise<string[]> =>
  (await listNamespaces()).filter((ns) => ns.startsWith(`${name}-`));
const UP = ['netns', 'up', '--alice', 'port-restricted-cone', '--bob', 'port-restricted-cone'];

/** Nothing of topology `name` is left: namespaces, state, live files, processes `pids`. */
async function expectNothingLeft(name: string, pids: readonly number[]): Promise<void> {
  expect(await ours(name)).toEqual([]);
  expect(existsSync(statePath(name))).toBe(false);
  expect(existsSync(liveDir(name))).toBe(false);
  // the routers' rules lived in their namespaces: there is no namespace to list them in
  expect((await execIn(`${name}-alice-nat`, ['nft', 'list', 'ruleset'])).ok).toBe(false);
  expect((await execIn(`${name}-bob-nat`, ['nft', 'list', 'ruleset'])).ok).toBe(false);
  expect(pids.filter((pid) => pidAlive(pid))).toEqual([]);
}

beforeAll(async () => {
  await requireNetns(['nc']);
  await requireLabBundle();
});
afterAll(async () => {
  for (const name of [NAME, `${NAME}k0`, `${NAME}k1`])
    await agujero('netns', 'down', '--name', name);
});

describe('netns up --live', () => {
  it('runs the server and both agents, which reach the hub through the NATs; down stops them all', async () => {
    const up = await agujero(...UP, '--live', '--hub-port', '0', '--name', NAME, '--json');
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(
      /agent alice in lv\d+-alice: dialing ws:\/\/203\.0\.113\.162:8080\/hub/,
    );
    const state = JSON.parse(up.stdout) as TopologyState;
    expect(state.processes.map((p) => p.what)).toEqual(['server', 'agent alice', 'agent bob']);
    expect(state.live?.hub).toBe('ws://203.0.113.162:8080/hub');
    const local = state.live?.local ?? '';
    expect(local).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/hub$/);
    const token = readFileSync(`${liveDir(NAME)}/token`, 'utf8').trim();

    // the hub's TCP clients are the routers' public addresses, never Alice's or Bob's LAN ones
    const peers = await tcpPeers(`${NAME}-server`, 8080);
    expect(peers.map((p) => p.replace(/:\d+$/, '')).sort()).toEqual([
      '192.0.2.113',
      '198.51.100.24',
    ]);

    const client = await browser(local, token, `http://127.0.0.1:${new URL(local).port}`);
    try {
      client.send({ type: 'subscribe' }); // browser() consumed the first list: ask again
      const { agents } = await client.next('agents');
      const roles = agents.map((a) => a.role).sort();
      expect(roles).toEqual(['alice', 'bob']);
      const to = { ip: '203.0.113.162', port: 9000 };
      client.send({
        type: 'step',
        id: 's1',
        step: { template: 'nc-send', from: 'alice', port: 53333, to, text: 'toc' },
      });
      const sent = await client.next(
        'event',
        (m) => m.from === 'alice' && m.event.type === 'sent',
        10_000,
      );
      expect(sent.event).toMatchObject({ packet: { dst: to } });
      const seen = await client.next(
        'event',
        (m) => m.from === 'server' && m.event.type === 'delivered',
        10_000,
      );
      // the Server saw Alice at her NAT's public address, her port kept (port-restricted cone)
      expect(seen.event).toMatchObject({ packet: { src: { ip: '192.0.2.113', port: 53333 } } });
    } finally {
      client.close();
    }

    // punch between the two namespaces against the live server's rendezvous (agents not needed)
    const punch = (who: string, peer: string, port: number) =>
      run(
        [
          ...['ip', 'netns', 'exec', `${NAME}-${who}`, process.execPath, BIN, 'punch'],
          ...[
            '--server',
            '203.0.113.162:9000',
            '--name',
            who,
            '--peer',
            peer,
            '-p',
            String(port),
            '--json',
            '-t',
            '5',
          ],
        ],
        { timeoutMs: 20_000 },
      );
    const punched = await Promise.all([punch('bob', 'alice', 58888), punch('alice', 'bob', 53333)]);
    for (const p of punched) {
      expect(JSON.parse(p.stdout.trim().split('\n').at(-1) ?? '{}'), p.stderr).toMatchObject({
        ok: true,
      });
    }

    const status = await agujero('netns', 'status', '--name', NAME);
    expect(status.stdout).toMatch(/agent bob +pid \d+ +running/);
    const down = await agujero('netns', 'down', '--name', NAME);
    expect(down.code, down.stderr).toBe(0);
    await expectNothingLeft(
      NAME,
      state.processes.map((p) => p.pid),
    );
  }, 60_000);

  it.each([
    ['after the server started', 'agent alice in'],
    ['while the agents connect', 'agent bob in'],
  ])(
    'SIGKILLed %s, down leaves nothing',
    async (_when, marker) => {
      const name = `${NAME}k${marker.includes('alice') ? 0 : 1}`;
      const child = spawn(
        process.execPath,
        [BIN, ...UP, '--live', '--hub-port', '0', '--name', name],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
      const deadline = Date.now() + 20_000;
      while (!out.includes(marker) && child.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 2));
      }
      child.kill('SIGKILL');
      await closed;
      expect(out).toContain(marker);
      const state = JSON.parse(readFileSync(statePath(name), 'utf8')) as TopologyState;
      expect(state.status).toBe('building');
      const pids = state.processes.map((p) => p.pid);
      expect(pids.length).toBeGreaterThan(0);

      const status = await agujero('netns', 'status', '--name', name, '--json');
      expect(JSON.parse(status.stdout)).toMatchObject({ state: 'broken' });
      const down = await agujero('netns', 'down', '--name', name);
      expect(down.code, down.stderr).toBe(0);
      expect(down.stdout).toContain('died halfway');
      await expectNothingLeft(name, pids);
    },
    60_000,
  );
});
