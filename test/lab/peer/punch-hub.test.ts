/**
 * `agujero punch --hub`: Alice's and Bob's punches on loopback, against `agujero server`'s
 * rendezvous, streamed into its hub in room pair-3. A WebSocket test client in that room sees
 * each side's command line, every datagram sent and received, each phase (as the terminal line
 * and as a `phase` observation) and the end, in the agents' schema; the room's own alice agent
 * stays listed and unreplaced; a browser in another room sees nothing; a wrong token stops the
 * punch before it sends anything. Traffic stays on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from '../../../lab/agent/agent.ts';
import { TOKEN_ENV } from '../../../lab/agent/token.ts';
import { parseHubMessage } from '../../../src/protocol/messages.ts';
import type { HubMessage } from '../../../src/protocol/messages.ts';
import { browser, terminatedAfterEach } from '../hub/clients.ts';
import { runCommand, startServerLab } from '../hub/server-lab.ts';
import type { ServerLab } from '../hub/server-lab.ts';

const clients = terminatedAfterEach();
let lab: ServerLab | undefined;
afterEach(async () => {
  delete process.env[TOKEN_ENV];
  await lab?.stop();
  lab = undefined;
});

type Ev = Extract<HubMessage, { type: 'event' }>;
const events = (ms: readonly HubMessage[], from: string): Ev[] =>
  ms.filter((m): m is Ev => m.type === 'event' && m.from === from);

describe('punch --hub', () => {
  it('streams both sides of a punch to the browsers of its room', async () => {
    lab = await startServerLab();
    process.env[TOKEN_ENV] = lab.token;
    const b = await browser(lab.hub, lab.token, undefined, 'pair-3');
    const other = await browser(lab.hub, lab.token, undefined, 'pair-4');
    clients.push(b, other);
    const agent = startAgent({
      hub: lab.hub,
      token: lab.token,
      room: 'pair-3',
      role: 'alice',
      nc: { variant: 'builtin', keep: true },
    });
    await agent.registered;
    let replaced = false;
    void agent.gaveUp.then(() => (replaced = true));

    const punch = (name: string, peer: string, port: number) =>
      runCommand([
        ...['punch', '-s', `127.0.0.1:${lab!.udp}`, '-n', name, '--peer', peer],
        ...['-p', String(port), '-t', '5', '--hub', lab!.hub, '--room', 'pair-3'],
      ]);
    const [a, bob] = await Promise.all([
      punch('alice', 'bob', 53501),
      punch('bob', 'alice', 58501),
    ]);
    expect(a.code, a.text).toBe(0);
    expect(bob.code, bob.text).toBe(0);
    expect(a.text).toMatch(/streaming to ws:\/\/127\.0\.0\.1:\d+\/hub as alice in room pair-3/);
    const end = async (role: string) =>
      (
        await b.next(
          'event',
          (m) => m.from === role && m.event.type === 'observed' && m.event.kind === 'step-done',
          3000,
        )
      ).event;
    const ends = { alice: await end('alice'), bob: await end('bob') };

    for (const [role, port] of [
      ['alice', 53501],
      ['bob', 58501],
    ] as const) {
      const es = events(b.received, role).map((m) => m.event);
      // every message passes the hub protocol's schema, as a browser checks it
      for (const m of events(b.received, role))
        expect(parseHubMessage(JSON.stringify(m)).ok).toBe(true);
      expect(es[0]).toMatchObject({
        type: 'command',
        actor: role,
        text: expect.stringMatching(
          new RegExp(
            `^agujero punch --server 127\\.0\\.0\\.1:\\d+ --name ${role} .* --port ${port}$`,
          ),
        ),
      });
      expect(es.find((e) => e.type === 'sent')).toMatchObject({
        node: role,
        packet: { src: { ip: '127.0.0.1', port }, dst: { ip: '127.0.0.1', port: lab.udp } },
      });
      expect(es.some((e) => e.type === 'delivered' && e.packet.dst.port === port)).toBe(true);
      const phases = es.flatMap((e) =>
        e.type === 'observed' && e.kind === 'phase' ? [e.text] : [],
      );
      expect(phases).toEqual(
        expect.arrayContaining(['registering', 'punching', 'connected', 'done']),
      );
      expect(es.some((e) => e.type === 'output' && /connected/i.test(e.text))).toBe(true);
      expect(ends[role]).toMatchObject({ type: 'observed', kind: 'step-done', ok: true });
      expect(es.at(-1)).toMatchObject({ type: 'observed', kind: 'phase', text: 'done' });
      expect(JSON.stringify(es)).not.toContain(lab.token);
    }
    // the room's agent is still the one listed; the other room saw none of it
    expect(replaced).toBe(false);
    b.send({ type: 'subscribe' });
    expect((await b.next('agents')).agents.map((x) => x.role)).toEqual(['alice']);
    expect(other.received.filter((m) => m.type === 'event' && m.from !== 'server')).toEqual([]);
    await agent.stop();
  }, 30_000);

  it('with a wrong token, stops before sending and says why', async () => {
    lab = await startServerLab();
    process.env[TOKEN_ENV] = 'wrong-token';
    const r = await runCommand([
      ...['punch', '-s', `127.0.0.1:${lab.udp}`, '-n', 'bob', '--peer', 'alice'],
      ...['--hub', lab.hub],
    ]);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(
      /punch: --hub: the hub refused the token: use the one `agujero server` printed .*; nothing was sent/,
    );
    expect(lab.text()).not.toMatch(/<- 127\.0\.0\.1/); // no datagram reached the rendezvous
  });
});
