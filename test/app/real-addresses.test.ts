/**
 * The lab's real addresses as the hub tells them (welcome's Server, the agents list) turned
 * into the address book chapter 3's lines run with: the Server by the hub's own address and
 * rendezvous port, a peer's NAT by what the Server saw of it, and `${server.saw.X}` (the NAT's
 * public address and the port the peer sent from) by the exact ip:port the Server saw, a
 * symmetric NAT's new port included. Table-driven over the netns lab's addresses.
 */
import { describe, expect, it } from 'vitest';
import { addressBook, lineToStep } from '../../src/app/lab-steps.ts';
import { realAddresses } from '../../src/app/run-for-real.ts';
import { walkthroughTopology } from '../../src/model/scenarios/index.ts';
import type { AgentInfo } from '../../src/protocol/messages.ts';

const nc = { variant: 'openbsd', keep: true } as const;
const agents: AgentInfo[] = [
  {
    role: 'alice',
    nc,
    since: 1,
    lan: ['192.168.1.10'],
    public: '192.0.2.113',
    saw: [{ local: 53333, seen: { ip: '192.0.2.113', port: 53333 } }],
  },
  {
    role: 'bob',
    nc,
    since: 2,
    lan: ['192.168.2.20'],
    public: '198.51.100.24',
    saw: [{ local: 58888, seen: { ip: '198.51.100.24', port: 44645 } }], // symmetric: a new port
  },
];
const server = { ips: ['203.0.113.162', '203.0.113.163'], rendezvous: 19000 };
const topology = walkthroughTopology('full-cone', 'restricted-cone');

describe('realAddresses and the address book', () => {
  it.each([
    ['the hub says where its Server is', 'ws://127.0.0.1:40001/hub', { server }, '203.0.113.162'],
    ['else the hub URL names it', 'ws://192.0.2.10:8080/hub', {}, '192.0.2.10'],
    [
      "the hub URL's host when it is one of the Server's",
      'ws://203.0.113.163:8080/hub',
      { server },
      '203.0.113.163',
    ],
  ])('%s', (_name, url, known, want) => {
    expect(realAddresses(url, known).server).toBe(want);
  });

  it('keeps the loopback shortcut only when the hub knows nothing more', () => {
    expect(realAddresses('ws://127.0.0.1:8080/hub')).toEqual({
      server: '127.0.0.1',
      alice: '127.0.0.1',
      bob: '127.0.0.1',
    });
    expect(realAddresses('ws://lab.example:8080/hub')).toEqual({});
  });

  const book = addressBook(topology, realAddresses('ws://127.0.0.1:40001/hub', { server, agents }));
  it.each([
    // toc to the Server: its real address and the rendezvous's real port
    ['alice', 'echo "toc" | nc -p 53333 -u 54.93.249.162 9000', '203.0.113.162', 19000],
    // ${server.saw.bob}: the port Bob's symmetric NAT gave him, not the one he sent from
    ['alice', 'echo "upd hole" | nc -p 53333 -u 54.93.229.24 58888', '198.51.100.24', 44645],
    // ${server.saw.alice}: port kept
    ['bob', 'echo "soy Bob" | nc -p 58888 -u 82.230.120.113 53333', '192.0.2.113', 53333],
    // another port on a NAT: its public address, that port
    ['bob', 'echo "x" | nc -p 58888 -u 82.230.120.113 40001', '192.0.2.113', 40001],
  ])('%s: %s', (actor, command, ip, port) => {
    const r = lineToStep({ actor, command }, book);
    expect(r).toMatchObject({ step: { template: 'nc-send', to: { ip, port } } });
  });

  it("maps each peer's own model address to its LAN one", () => {
    const alice = topology.nodes.find((n) => n.id === 'alice');
    expect(alice?.kind === 'host' && book[alice.ip]).toBe('192.168.1.10');
  });

  it('refuses an address the lab does not know, as before', () => {
    const r = lineToStep({ actor: 'alice', command: 'echo "x" | nc -p 53333 -u 8.8.8.8 53' }, book);
    expect(r).toMatchObject({ refusal: { key: 'labRefuseAddress', values: { ip: '8.8.8.8' } } });
  });
});
