/**
 * An agent's self-reported LAN addresses, as tables: which claims the hub accepts at register
 * (private, shared, link-local and documentation ranges; loopback only from loopback; never
 * 0.0.0.0, multicast, broadcast or a public address), and when a peer's claimed address is a
 * step target (only for an agent behind the same public address). Then a real hub on loopback:
 * a public or multicast claim is refused with `bad-address`, counted, and lists nobody.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../../../lab/hub/hub.ts';
import type { Hub } from '../../../lab/hub/hub.ts';
import { targetProblem } from '../../../lab/hub/targets.ts';
import type { TargetPeer } from '../../../lab/hub/targets.ts';
import { lanClaimProblem, lanScope } from '../../../src/protocol/lan-scope.ts';
import type { Step } from '../../../src/protocol/steps.ts';
import { browser, connect, terminatedAfterEach } from './clients.ts';

describe('lanClaimProblem', () => {
  it.each<[string, boolean, RegExp | undefined]>([
    ['10.1.2.3', false, undefined],
    ['172.16.0.1', false, undefined],
    ['172.31.255.254', false, undefined],
    ['192.168.1.10', false, undefined],
    ['100.64.0.1', false, undefined],
    ['100.127.255.254', false, undefined],
    ['169.254.7.8', false, undefined],
    ['192.0.2.5', false, undefined],
    ['198.51.100.24', false, undefined],
    ['203.0.113.162', false, undefined],
    ['127.0.0.1', true, undefined],
    [
      '127.0.0.1',
      false,
      /127\.0\.0\.1 is loopback, a LAN address only for an agent on the hub's own machine/,
    ],
    ['8.8.8.8', false, /8\.8\.8\.8 is a public address, not a LAN one/],
    ['172.32.0.1', false, /is a public address/],
    ['100.128.0.1', false, /is a public address/],
    ['11.0.0.1', true, /is a public address/],
    ['0.0.0.0', false, /0\.0\.0\.0 is unspecified, not one host's address/],
    ['224.0.0.251', false, /is multicast/],
    ['255.255.255.255', false, /is broadcast/],
    ['240.0.0.1', false, /is reserved/],
    ['1.2.3', false, /"1\.2\.3" is not a dotted quad/],
  ])('%s (from loopback: %s)', (ip, fromLoopback, want) => {
    const p = lanClaimProblem(ip, fromLoopback);
    if (want) expect(p).toMatch(want);
    else expect(p).toBeUndefined();
  });

  it('names the scope', () => {
    expect(
      ['10.0.0.1', '100.64.1.1', '169.254.1.1', '127.0.0.2', '203.0.113.9', '1.1.1.1'].map(
        lanScope,
      ),
    ).toEqual(['private', 'shared', 'link-local', 'loopback', 'documentation', undefined]);
  });
});

describe("a peer's LAN address as a step target", () => {
  const server = ['203.0.113.162'];
  const send = (ip: string): Step => ({
    template: 'nc-send',
    from: 'alice',
    port: 53333,
    to: { ip, port: 9000 },
    text: 'toc',
  });
  const peer = (role: string, remoteIp: string, lan: string[]): TargetPeer => ({
    role,
    remoteIp,
    lan,
    saw: [],
  });
  // two homes: each behind its own NAT
  const apart = [
    peer('alice', '192.0.2.113', ['192.168.1.10']),
    peer('bob', '198.51.100.24', ['192.168.2.20']),
  ];
  // one home: both behind the same NAT
  const together = (bobLan: string[]): TargetPeer[] => [
    peer('alice', '192.0.2.113', ['192.168.1.10']),
    peer('bob', '192.0.2.113', bobLan),
  ];
  // both on the hub's own machine
  const loopback = [peer('alice', '127.0.0.1', []), peer('bob', '127.0.0.1', ['127.0.0.2'])];
  it.each<[string, TargetPeer[], string, RegExp | undefined]>([
    ['its own LAN address', apart, '192.168.1.10', undefined],
    ["bob's public address", apart, '198.51.100.24', undefined],
    [
      "bob's LAN address from another LAN",
      apart,
      '192.168.2.20',
      /step\.to\.ip 192\.168\.2\.20 is bob's LAN address, reachable only from bob's LAN \(alice connects from 192\.0\.2\.113, bob from 198\.51\.100\.24\); send to bob's public address/,
    ],
    [
      "bob's LAN address behind the same NAT",
      together(['192.168.1.20']),
      '192.168.1.20',
      undefined,
    ],
    [
      'a shared-space address behind the same NAT',
      together(['100.64.3.4']),
      '100.64.3.4',
      undefined,
    ],
    [
      'a link-local address behind the same NAT',
      together(['169.254.3.4']),
      '169.254.3.4',
      undefined,
    ],
    [
      'a documentation address behind the same NAT',
      together(['198.51.100.77']),
      '198.51.100.77',
      undefined,
    ],
    [
      'a public address claimed as LAN, even behind the same NAT',
      together(['8.8.8.8']),
      '8.8.8.8',
      /step\.to\.ip 8\.8\.8\.8 is not a private or local-scope address/,
    ],
    [
      'a loopback claim seen from a NAT',
      together(['127.0.0.2']),
      '127.0.0.2',
      /127\.0\.0\.2 is loopback, reachable only for agents on the hub's own machine/,
    ],
    ['a loopback claim in a loopback lab', loopback, '127.0.0.2', undefined],
    ['a third party', apart, '8.8.4.4', /8\.8\.4\.4 is not a machine of this lab/],
  ])('%s', (_name, agents, ip, want) => {
    const p = targetProblem(send(ip), server, agents);
    if (want) expect(p).toMatch(want);
    else expect(p).toBeUndefined();
  });
});

describe('LAN claims at register, on a real hub', () => {
  const clients = terminatedAfterEach();
  let hub: Hub | undefined;
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
  });

  it.each<[string[], RegExp]>([
    [['192.168.1.10', '8.8.8.8'], /bad-address|8\.8\.8\.8 is a public address, not a LAN one/],
    [['224.0.0.251'], /224\.0\.0\.251 is multicast/],
    [['0.0.0.0'], /0\.0\.0\.0 is unspecified/],
    [['255.255.255.255'], /is broadcast/],
  ])('%j is refused, counted, and nobody is listed', async (addresses, words) => {
    hub = await startHub();
    const b = await browser(hub.url);
    clients.push(b);
    const a = await connect(hub.url);
    clients.push(a);
    a.send({ type: 'hello', protocol: 1 });
    await a.next('welcome');
    const nc = { variant: 'builtin', keep: true };
    a.send({ type: 'register', role: 'alice', nc, addresses });
    const e = await a.next('error');
    expect(e.code).toBe('bad-address');
    expect(e.message).toMatch(/nothing was registered: addresses: /);
    expect(e.message).toMatch(words);
    expect(hub.counts().refused['bad-address']).toBe(1);
    expect(hub.agents()).toEqual([]);
    // the connection stays usable: a LAN claim that is one registers
    a.send({ type: 'register', role: 'alice', nc, addresses: ['192.168.1.10', '127.0.0.1'] });
    await a.next('registered');
    expect((await b.next('agents', (m) => m.agents.length === 1)).agents[0]?.lan).toEqual([
      '192.168.1.10',
      '127.0.0.1',
    ]);
  });
});
