/**
 * Whose datagram the rendezvous saw (SawMatcher) and where steps may send (targetProblem), as
 * tables: a send and its arrival pair in either order, only within the window, only from the
 * agent's own public address; a class behind one NAT is told apart by the kept port, and
 * nothing is guessed when that does not decide. Steps go to the Server or the room's machines
 * (a peer's LAN address only from its own LAN: see lan-claims.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { SawKeeper, SawMatcher } from '../../../lab/hub/saw.ts';
import { targetProblem } from '../../../lab/hub/targets.ts';
import type { TargetPeer } from '../../../lab/hub/targets.ts';
import type { Step } from '../../../src/protocol/steps.ts';

interface P {
  readonly name: string;
  readonly remoteIp?: string;
}
const alice: P = { name: 'alice', remoteIp: '192.0.2.113' };
const bob: P = { name: 'bob', remoteIp: '198.51.100.24' };
const alice2: P = { name: 'alice-2', remoteIp: '192.0.2.113' }; // the same school NAT
const TOC = '746f630a';

type Call =
  | { sent: P; local: number; payload?: string; t?: number }
  | { arrived: string; payload?: string; t?: number };

function matches(calls: Call[]): string[] {
  const seen: string[] = [];
  const m = new SawMatcher<P>((p, local, at) =>
    seen.push(`${p.name}:${local}=${at.ip}:${at.port}`),
  );
  for (const c of calls) {
    if ('sent' in c) m.sent(c.sent, c.local, c.payload ?? TOC, c.t ?? 0);
    else {
      const [ip, port] = c.arrived.split(':');
      m.arrived({ ip: ip!, port: Number(port) }, c.payload ?? TOC, c.t ?? 0);
    }
  }
  return seen;
}

describe('SawMatcher', () => {
  it.each<[string, Call[], string[]]>([
    [
      'send first',
      [{ sent: alice, local: 53333 }, { arrived: '192.0.2.113:53333' }],
      ['alice:53333=192.0.2.113:53333'],
    ],
    [
      'arrival first',
      [{ arrived: '192.0.2.113:1024' }, { sent: alice, local: 53333 }],
      ['alice:53333=192.0.2.113:1024'],
    ],
    [
      'another payload',
      [
        { sent: alice, local: 53333 },
        { arrived: '192.0.2.113:53333', payload: '68690a' },
      ],
      [],
    ],
    [
      'too late',
      [
        { sent: alice, local: 53333, t: 0 },
        { arrived: '192.0.2.113:53333', t: 3001 },
      ],
      [],
    ],
    ['from another address', [{ sent: alice, local: 53333 }, { arrived: '203.0.113.9:53333' }], []],
    [
      'two rooms, two NATs',
      [
        { sent: alice, local: 53333 },
        { sent: bob, local: 58888 },
        { arrived: '198.51.100.24:58888' },
        { arrived: '192.0.2.113:53333' },
      ],
      ['bob:58888=198.51.100.24:58888', 'alice:53333=192.0.2.113:53333'],
    ],
    [
      'one NAT, the kept port decides',
      [
        { sent: alice, local: 53333 },
        { sent: alice2, local: 53334 },
        { arrived: '192.0.2.113:53334' },
      ],
      ['alice-2:53334=192.0.2.113:53334'],
    ],
    [
      'one NAT, ports changed: nothing guessed',
      [
        { sent: alice, local: 53333 },
        { sent: alice2, local: 53333 },
        { arrived: '192.0.2.113:40001' },
      ],
      [],
    ],
    [
      'each send pairs once',
      [
        { sent: alice, local: 53333 },
        { arrived: '192.0.2.113:53333' },
        { arrived: '192.0.2.113:53333' },
      ],
      ['alice:53333=192.0.2.113:53333'],
    ],
  ])('%s', (_name, calls, want) => {
    expect(matches(calls)).toEqual(want);
  });

  it('remembers at most 256 of each', () => {
    const m = new SawMatcher<P>(() => undefined);
    for (let i = 0; i < 1000; i++) m.arrived({ ip: '203.0.113.9', port: 1000 + i }, 'aa', 0);
    expect(m.pending()).toEqual({ sends: 0, arrivals: 256 });
  });
});

describe('SawKeeper', () => {
  const saw = [{ local: 53333, seen: { ip: '192.0.2.113', port: 53333 } }];
  it.each<[string, string, string | undefined, boolean]>([
    ['the same room, role and address', 'pair-1', '192.0.2.113', true],
    ['another address', 'pair-1', '192.0.2.200', false],
    ['another room', 'pair-2', '192.0.2.113', false],
  ])('%s', (_name, room, ip, kept) => {
    const k = new SawKeeper();
    k.keep({ room: 'pair-1', role: 'alice', remoteIp: '192.0.2.113', saw });
    expect(k.take(room, 'alice', ip)).toEqual(kept ? saw : undefined);
  });

  it('gives it back once', () => {
    const k = new SawKeeper();
    k.keep({ room: '', role: 'bob', remoteIp: '192.0.2.113', saw });
    expect(k.take('', 'bob', '192.0.2.113')).toEqual(saw);
    expect(k.take('', 'bob', '192.0.2.113')).toBeUndefined();
  });
});

describe('targetProblem', () => {
  const server = ['203.0.113.162', '203.0.113.163'];
  const agents: TargetPeer[] = [
    { role: 'alice', lan: ['192.168.1.10'], remoteIp: '192.0.2.113', saw: [] },
    {
      role: 'bob',
      lan: ['192.168.2.20'],
      remoteIp: '198.51.100.24',
      saw: [{ local: 58888, seen: { ip: '198.51.100.25', port: 40000 } }],
    },
  ];
  const send = (ip: string): Step => ({
    template: 'nc-send',
    from: 'alice',
    port: 53333,
    to: { ip, port: 9000 },
    text: 'toc',
  });
  const stun = (ip: string): Step => ({
    template: 'stun-classify',
    from: 'alice',
    server: { ip, port: 3478 },
  });
  it.each<[string, Step, RegExp | undefined]>([
    ['the Server', send('203.0.113.162'), undefined],
    ["the Server's second address", send('203.0.113.163'), undefined],
    ["Bob's public address", send('198.51.100.24'), undefined],
    ['what the Server saw of Bob', send('198.51.100.25'), undefined],
    [
      "Bob's LAN address, from Alice's other LAN",
      send('192.168.2.20'),
      /step\.to\.ip 192\.168\.2\.20 is bob's LAN address, reachable only from bob's LAN/,
    ],
    ["Alice's own LAN address", send('192.168.1.10'), undefined],
    [
      'a third party',
      send('8.8.8.8'),
      /step\.to\.ip 8\.8\.8\.8 is not a machine of this lab \(server 203\.0\.113\.162 203\.0\.113\.163; alice .*; bob 192\.168\.2\.20 198\.51\.100\.24 198\.51\.100\.25\)/,
    ],
    ['STUN at the Server', stun('203.0.113.163'), undefined],
    [
      'STUN at Bob',
      stun('198.51.100.24'),
      /step\.server\.ip 198\.51\.100\.24 is not the lab's Server \(server 203/,
    ],
    [
      'a listener',
      { template: 'nc-listen', from: 'bob', port: 58888, keep: true, seconds: 5 },
      undefined,
    ],
  ])('%s', (_name, step, want) => {
    const problem = targetProblem(step, server, agents);
    if (want) expect(problem).toMatch(want);
    else expect(problem).toBeUndefined();
  });
});
