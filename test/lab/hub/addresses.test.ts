/**
 * Real addresses on loopback, through `agujero server` and real agents (built-in nc): an agent
 * lists its LAN addresses and the address its connection came from; after it sends "toc" to the
 * rendezvous the hub lists what the Server saw of it (by local port), in its own room only; two
 * rooms' alices sending the same text at once are told apart by their ports; an agent that
 * reconnects from the same address keeps what the Server saw of it; a step toward a host that is
 * not the lab's is refused before any agent runs it. Traffic stays on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ownAddresses, startAgent } from '../../../lab/agent/agent.ts';
import type { Agent } from '../../../lab/agent/agent.ts';
import type { AgentInfo } from '../../../src/protocol/messages.ts';
import type { AgentRole } from '../../../src/protocol/fields.ts';
import { serverIps } from '../../../lab/hub/server-ips.ts';
import { browser, connect, terminatedAfterEach } from './clients.ts';
import type { TestClient } from './clients.ts';
import { startServerLab } from './server-lab.ts';
import type { ServerLab } from './server-lab.ts';

const clients = terminatedAfterEach();
let lab: ServerLab | undefined;
const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.stop()));
  await lab?.stop();
  lab = undefined;
});

async function agent(role: AgentRole, room?: string): Promise<Agent> {
  const a = startAgent({
    hub: lab!.hub,
    token: lab!.token,
    role,
    nc: { variant: 'builtin', keep: true },
    ...(room ? { room } : {}),
  });
  agents.push(a);
  await a.registered;
  return a;
}

async function watcher(room?: string): Promise<TestClient> {
  const b = await browser(lab!.hub, lab!.token, undefined, room);
  clients.push(b);
  return b;
}

/** The next agents list in which `role` has a saw entry for `local`. */
async function sawOf(b: TestClient, role: AgentRole, local: number): Promise<AgentInfo> {
  const m = await b.next(
    'agents',
    (x) => x.agents.some((a) => a.role === role && a.saw?.some((s) => s.local === local)),
    5000,
  );
  return m.agents.find((a) => a.role === role)!;
}

const toc = (from: AgentRole, port: number, to: { ip: string; port: number }) => ({
  template: 'nc-send',
  from,
  port,
  to,
  text: 'toc',
});

describe('the Server as the hub names it', () => {
  it.each<[string, string, (string | undefined)[], (ips: string[]) => void]>([
    ['one address', '127.0.0.1', [], (ips) => expect(ips).toEqual(['127.0.0.1'])],
    [
      'a public one and the STUN pair first',
      '192.0.2.10',
      ['203.0.113.5', undefined, '192.0.2.11'],
      (ips) => expect(ips).toEqual(['203.0.113.5', '192.0.2.11', '192.0.2.10']),
    ],
    [
      'every interface, loopback last',
      '0.0.0.0',
      [],
      (ips) => {
        expect(ips).toContain('127.0.0.1');
        expect(ips.at(-1)).toBe('127.0.0.1');
      },
    ],
  ])('%s', (_name, host, more, check) => check(serverIps(host, more)));

  it('--public-ip: printed for the students and named first in the welcome', async () => {
    lab = await startServerLab('lab-token-123', ['--public-ip', '203.0.113.5']);
    expect(lab.text()).toMatch(
      /AGUJERO_TOKEN=\S+ \S+( \S+)* agent --role alice --hub ws:\/\/203\.0\.113\.5:\d+\/hub/,
    );
    const local = lab.hub.replace('203.0.113.5', '127.0.0.1');
    const b = await connect(local, { origin: 'http://127.0.0.1:5173' });
    clients.push(b);
    b.send({ type: 'hello', protocol: 1, token: lab.token });
    expect((await b.next('welcome')).server).toEqual({
      ips: ['203.0.113.5', '127.0.0.1'],
      rendezvous: lab.udp,
    });
  });
});

describe('real addresses through the server', () => {
  it("lists an agent's LAN and public addresses and what the rendezvous saw of it", async () => {
    lab = await startServerLab();
    const b = await watcher();
    await agent('alice');
    const listed = (await b.next('agents', (m) => m.agents.length === 1)).agents[0]!;
    expect(listed).toMatchObject({ role: 'alice', public: '127.0.0.1' });
    expect(listed.lan ?? []).toEqual(ownAddresses());
    expect(listed.saw).toBeUndefined();

    b.send({
      type: 'step',
      id: 's1',
      step: toc('alice', 53333, { ip: '127.0.0.1', port: lab.udp }),
    });
    const alice = await sawOf(b, 'alice', 53333);
    expect(alice.saw).toEqual([{ local: 53333, seen: { ip: '127.0.0.1', port: 53333 } }]);
    expect(lab.text()).toMatch(
      /agents: alice \(nc builtin, .*from 127\.0\.0\.1, saw :53333 as 127\.0\.0\.1:53333\)/,
    );
  });

  it("tells two rooms' alices apart and keeps each room's addresses to that room", async () => {
    lab = await startServerLab();
    const b1 = await watcher('pair-1');
    const b2 = await watcher('pair-2');
    await agent('alice', 'pair-1');
    await agent('alice', 'pair-2');
    const rendezvous = { ip: '127.0.0.1', port: lab.udp };
    // both at once, the same text: only their ports tell them apart (one NAT: loopback)
    b1.send({ type: 'step', id: 'r1', step: toc('alice', 53401, rendezvous) });
    b2.send({ type: 'step', id: 'r2', step: toc('alice', 53402, rendezvous) });
    expect((await sawOf(b1, 'alice', 53401)).saw).toEqual([
      { local: 53401, seen: { ip: '127.0.0.1', port: 53401 } },
    ]);
    expect((await sawOf(b2, 'alice', 53402)).saw).toEqual([
      { local: 53402, seen: { ip: '127.0.0.1', port: 53402 } },
    ]);
    const lists = [...b1.received, ...b2.received].flatMap((m) =>
      m.type === 'agents' ? m.agents : [],
    );
    expect(lists.every((a) => (a.saw ?? []).length <= 1)).toBe(true); // nobody got the other's
  });

  it('keeps what the Server saw of an agent that reconnects from the same address', async () => {
    lab = await startServerLab();
    const b = await watcher();
    const first = await agent('bob');
    b.send({ type: 'step', id: 'k1', step: toc('bob', 58801, { ip: '127.0.0.1', port: lab.udp }) });
    await sawOf(b, 'bob', 58801);
    await first.stop();
    await b.next('agents', (m) => m.agents.length === 0);
    b.received.length = 0; // only what comes after the return
    await agent('bob'); // the same machine comes back
    const back = await b.next('agents', (m) => m.agents.length === 1);
    expect(back.agents[0]?.saw).toEqual([{ local: 58801, seen: { ip: '127.0.0.1', port: 58801 } }]);
  });

  it("refuses a step toward a host that is not the lab's, naming the lab's machines", async () => {
    lab = await startServerLab();
    const b = await watcher();
    const alice = await agent('alice');
    b.send({ type: 'step', id: 'x1', step: toc('alice', 53333, { ip: '192.0.2.1', port: 9000 }) });
    const e = await b.next('error', (m) => m.id === 'x1');
    expect(e.code).toBe('bad-step');
    expect(e.message).toMatch(
      /step\.to\.ip 192\.0\.2\.1 is not a machine of this lab \(server 127\.0\.0\.1; alice /,
    );
    b.send({
      type: 'step',
      id: 'x2',
      step: { template: 'stun-classify', from: 'alice', server: { ip: '192.0.2.1', port: 3478 } },
    });
    expect((await b.next('error', (m) => m.id === 'x2')).message).toMatch(
      /is not the lab's Server/,
    );
    expect(alice.steps()).toBe(0);
  });
});
