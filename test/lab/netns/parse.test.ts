/**
 * The parsers and validators of the namespace test bed, on text the real tools printed here:
 * conntrack, ss, Debian's stun client, natdiscovery; and the exact NAT recipe commands.
 */
import { describe, expect, it } from 'vitest';
import { parseConntrack, translatedSource } from '../../../lab/netns/conntrack.ts';
import { NetnsError } from '../../../lab/netns/errors.ts';
import { NAT_RECIPES, routerSteps } from '../../../lab/netns/nat-recipes.ts';
import { parseNatDiscovery, parseStunClient } from '../../../lab/netns/peers.ts';
import { parseUdpSockets } from '../../../lab/netns/sockets.ts';
import * as v from '../../../lab/netns/validate.ts';

const CONNTRACK = [
  'udp      17 29 src=192.168.2.20 dst=203.0.113.162 sport=58888 dport=9000 [UNREPLIED] ' +
    'src=203.0.113.162 dst=198.51.100.24 sport=9000 dport=58888 mark=0 use=1',
  'udp      17 101 src=10.0.1.2 dst=203.0.113.10 sport=45206 dport=3478 ' +
    'src=203.0.113.10 dst=192.0.2.2 sport=3478 dport=45206 [ASSURED] mark=0 use=1',
  'tcp      6 431999 ESTABLISHED src=1.2.3.4 dst=5.6.7.8 sport=1 dport=2 src=5.6.7.8 dst=1.2.3.4 ' +
    'sport=2 dport=1 [ASSURED] mark=0 use=1',
].join('\n');

describe('conntrack parsing', () => {
  it('reads original and reply tuples, flags and timeout of UDP flows only', () => {
    const [a, b, ...rest] = parseConntrack(CONNTRACK);
    expect(rest).toEqual([]);
    expect(a?.original).toEqual({
      src: '192.168.2.20',
      dst: '203.0.113.162',
      sport: 58888,
      dport: 9000,
    });
    expect(a?.reply).toEqual({
      src: '203.0.113.162',
      dst: '198.51.100.24',
      sport: 9000,
      dport: 58888,
    });
    expect([a?.timeoutSec, a?.unreplied, a?.assured]).toEqual([29, true, false]);
    expect([b?.timeoutSec, b?.unreplied, b?.assured]).toEqual([101, false, true]);
    expect(translatedSource(a!)).toEqual({ ip: '198.51.100.24', port: 58888 });
  });

  it('rejects a UDP line without a tuple field with a parse error', () => {
    expect(() => parseConntrack('udp 17 29 src=1.2.3.4 dst=5.6.7.8 sport=1')).toThrow(NetnsError);
  });
});

describe('ss parsing', () => {
  it('tells bound sockets from connected ones and names the process', () => {
    const sockets = parseUdpSockets(
      [
        'UNCONN 0      0      203.0.113.11:3478 0.0.0.0:*    users:(("stund",pid=4263,fd=5))',
        'ESTAB 0      0      203.0.113.10:9000 198.51.100.2:58888 users:(("nc",pid=6095,fd=3))',
      ].join('\n'),
    );
    expect(sockets.map((s) => [s.state, s.local, s.peer, s.process, s.pid])).toEqual([
      ['UNCONN', { ip: '203.0.113.11', port: 3478 }, undefined, 'stund', 4263],
      [
        'ESTAB',
        { ip: '203.0.113.10', port: 9000 },
        { ip: '198.51.100.2', port: 58888 },
        'nc',
        6095,
      ],
    ]);
  });
});

describe('stun client and natdiscovery parsing', () => {
  it('splits the Primary line of Debian stun into its parts', () => {
    const out =
      'STUN client version 0.97\n' +
      'Primary: Independent Mapping, Port Dependent Filter, preserves ports, no hairpin\t\n' +
      'Return value is 0x000017\n';
    expect(parseStunClient(out)).toMatchObject({
      primary: 'Independent Mapping, Port Dependent Filter, preserves ports, no hairpin',
      mapping: 'Independent Mapping',
      filter: 'Port Dependent Filter',
      ports: 'preserves ports',
      hairpin: 'no hairpin',
      returnValue: 0x17,
    });
    const symmetric = parseStunClient('Primary: Dependent Mapping, random port, no hairpin\t\n');
    expect([symmetric.mapping, symmetric.filter, symmetric.ports]).toEqual([
      'Dependent Mapping',
      undefined,
      'random port',
    ]);
    expect(() => parseStunClient('STUN client version 0.97\n')).toThrow(/no "Primary:" line/);
  });

  it('reads the mapping and filtering verdicts of natdiscovery', () => {
    const out =
      'NAT with Endpoint Independent Mapping!\n=====\nSTUN receive timeout..\n' +
      'NAT with Address and Port Dependent Filtering!\n';
    expect(parseNatDiscovery(out)).toMatchObject({
      mapping: 'Endpoint Independent',
      filtering: 'Address and Port Dependent',
    });
  });
});

describe('validation', () => {
  it('accepts safe names, addresses and ports and rejects the rest with invalid-argument', () => {
    expect(v.nsName('agj-1-0-server')).toBe('agj-1-0-server');
    expect(v.ifName('alice-nat')).toBe('alice-nat');
    expect(v.cidr('203.0.113.162/24')).toBe('203.0.113.162/24');
    for (const bad of [
      () => v.nsName('-n'),
      () => v.nsName('../etc'),
      () => v.nsName('a b'),
      () => v.ifName('sixteen-chars-xx'),
      () => v.ipv4('203.0.113.256'),
      () => v.ipv4('1.2.3.04'),
      () => v.cidr('10.0.0.0/33'),
      () => v.port(0),
      () => v.port(65536),
      () => v.timeoutMs(0),
      () => v.argv([]),
      () => v.argv(['--help']),
      () => v.argv(['nc', 'a\0b']),
    ]) {
      expect(bad).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    }
  });
});

describe('NAT recipes', () => {
  const sides = { wan: 'wan0', lan: 'lan0', lanHost: '192.168.1.10' };
  it('installs MASQUERADE, --random-fully and the drop-new INPUT rule with the exact iptables argv', () => {
    const masq = routerSteps({ recipe: 'masquerade', inputPolicy: 'drop-new' }, sides);
    expect(masq.map((s) => s.argv.join(' '))).toEqual([
      'nft flush ruleset',
      'iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE',
      'iptables -A INPUT -i wan0 -m conntrack --ctstate NEW -j DROP',
    ]);
    const random = routerSteps({ recipe: 'masquerade-random-fully', inputPolicy: 'accept' }, sides);
    expect(random.map((s) => s.argv.join(' '))).toEqual([
      'nft flush ruleset',
      'iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE --random-fully',
    ]);
  });

  it('writes the nftables cone recipes of DESIGN.md', () => {
    const full = routerSteps({ recipe: 'full-cone', inputPolicy: 'accept' }, sides)[1]?.input;
    expect(full).toContain('oifname "wan0" masquerade');
    expect(full).toContain('iifname "wan0" meta l4proto udp dnat to 192.168.1.10');
    const restricted = routerSteps({ recipe: 'restricted-cone', inputPolicy: 'accept' }, sides)[1]
      ?.input;
    expect(restricted).toContain('type ipv4_addr . inet_service');
    expect(restricted).toContain('update @contacted { ip daddr . udp sport }');
    expect(restricted).toContain('ip saddr . udp dport @contacted dnat to 192.168.1.10');
  });

  it('rejects an unknown recipe or input policy', () => {
    expect(NAT_RECIPES).toHaveLength(4);
    const bad = { recipe: 'cgnat', inputPolicy: 'accept' } as never;
    expect(() => routerSteps(bad, sides)).toThrow(/invalid NAT recipe: "cgnat"/);
    const badPolicy = { recipe: 'masquerade', inputPolicy: 'reject' } as never;
    expect(() => routerSteps(badPolicy, sides)).toThrow(/invalid input policy/);
  });
});
