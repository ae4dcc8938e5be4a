/**
 * `agujero netns up --live` on the real kernel (root): the Server, Alice's and Bob's agents run
 * in their namespaces, the agents reach the hub through the real NATs (the hub's TCP peers are
 * the routers' public addresses), a WebSocket client on the host's loopback sees them and runs a
 * step, `punch` connects Alice and Bob through the live server, and `down` leaves no namespace,
 * nftables rule, process or file; also after `up --live` was SIGKILLed halfway. Topology names
 * are unique to this file's process.
 *
 * Real addresses, with no loopback shortcut: the hub lists each agent's LAN address (what its
 * interface has) and the public one its connection came from (its NAT's); after each sends "toc"
 * to the rendezvous, what the Server saw of it; the walkthrough's punch then runs as steps aimed
 * only at those addresses ("soy Bob" reaches Alice's listener through both NATs), a step toward
 * any other host is refused, `punch --hub` streams both sides into the hub, and no process's
 * command line (/proc/PID/cmdline) holds the token.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../lab/netns/exec.ts';
import type { ExecResult } from '../../../lab/netns/exec.ts';
import { tcpPeers } from '../../../lab/netns/live-check.ts';
import { execIn, listNamespaces } from '../../../lab/netns/index.ts';
import { pidAlive } from '../../../lab/netns/runs.ts';
import { liveDir, statePath } from '../../../lab/netns/state.ts';
import type { TopologyState } from '../../../lab/netns/state.ts';
import { browser } from '../hub/clients.ts';
import type { TestClient } from '../hub/clients.ts';
import type { AgentInfo } from '../../../src/protocol/messages.ts';
import { ROOT } from '../stun/processes.ts';
import { requireLabBundle, requireNetns } from './require-netns.ts';

const BIN = `${ROOT}bin/agujero.cjs`;
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

/** The pids whose command line contains `text`. */
function cmdlinesWith(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes(text)) found.push(+entry);
    } catch {
      // the process ended while listing
    }
  }
  return found;
}

/** The next agents list in which every role has a saw entry for its local port. */
async function sawAll(c: TestClient, ports: Record<string, number>): Promise<AgentInfo[]> {
  const ok = (a: readonly AgentInfo[]): boolean =>
    Object.entries(ports).every(([role, port]) =>
      a.some((x) => x.role === role && x.saw?.some((s) => s.local === port)),
    );
  return (await c.next('agents', (m) => ok(m.agents), 10_000)).agents;
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
    // the token is in no process's command line (ps): the server and agents read the file
    expect(token.length).toBeGreaterThan(8);
    expect(cmdlinesWith(token)).toEqual([]);

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
      client.send({
        type: 'step',
        id: 's2',
        step: { template: 'nc-send', from: 'bob', port: 58888, to, text: 'toc' },
      });
      // the hub lists what each agent's own interface has and what the Server saw of it
      const listed = await sawAll(client, { alice: 53333, bob: 58888 });
      const byRole = Object.fromEntries(listed.map((a) => [a.role, a]));
      expect(byRole['alice']).toMatchObject({
        lan: ['192.168.1.10'],
        public: '192.0.2.113',
        saw: [{ local: 53333, seen: { ip: '192.0.2.113', port: 53333 } }],
      });
      expect(byRole['bob']).toMatchObject({
        lan: ['192.168.2.20'],
        public: '198.51.100.24',
        saw: [{ local: 58888, seen: { ip: '198.51.100.24', port: 58888 } }],
      });
      const sawAlice = byRole['alice']!.saw![0]!.seen;
      const sawBob = byRole['bob']!.saw![0]!.seen;

      // the walkthrough's punch as steps, aimed only at what the Server saw
      const step = (id: string, s: object): void => client.send({ type: 'step', id, step: s });
      const done = (id: string) =>
        client.next(
          'event',
          (m) => m.request === id && m.event.type === 'observed' && m.event.kind === 'step-done',
          10_000,
        );
      step('p1', { template: 'nc-send', from: 'alice', port: 53333, to: sawBob, text: 'upd hole' });
      await done('p1');
      step('p2', { template: 'nc-listen', from: 'alice', port: 53333, keep: false, seconds: 3 });
      await client.next(
        'event',
        (m) => m.request === 'p2' && m.event.type === 'observed' && m.event.kind === 'listening',
        10_000,
      );
      step('p3', { template: 'nc-send', from: 'bob', port: 58888, to: sawAlice, text: 'soy Bob' });
      const heard = await client.next(
        'event',
        (m) => m.request === 'p2' && m.event.type === 'observed' && m.event.kind === 'received',
        10_000,
      );
      expect(heard.event).toMatchObject({ node: 'alice', text: 'soy Bob' });
      await done('p2');
      // anything else is refused before an agent sees it
      step('x1', {
        template: 'nc-send',
        from: 'bob',
        port: 58888,
        to: { ip: '198.51.100.99', port: 9 },
        text: 'x',
      });
      expect((await client.next('error', (m) => m.id === 'x1')).message).toMatch(
        /198\.51\.100\.99 is not a machine of this lab \(server 203\.0\.113\.162 203\.0\.113\.163/,
      );
    } finally {
      client.close();
    }
    const watcher = await browser(local, token, `http://127.0.0.1:${new URL(local).port}`);

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
            ...['--hub', 'ws://203.0.113.162:8080/hub', '--token-file', `${liveDir(NAME)}/token`],
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
    // both sides streamed into the hub, through their NATs, as the agents' events are
    for (const role of ['alice', 'bob']) {
      const end = await watcher.next(
        'event',
        (m) => m.from === role && m.event.type === 'observed' && m.event.kind === 'step-done',
        5_000,
      );
      expect(end.event).toMatchObject({ ok: true });
    }
    const phases = watcher.received.flatMap((m) =>
      m.type === 'event' && m.event.type === 'observed' && m.event.kind === 'phase'
        ? [`${m.from} ${m.event.text}`]
        : [],
    );
    expect(phases).toEqual(expect.arrayContaining(['alice connected', 'bob connected']));
    watcher.close();

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
