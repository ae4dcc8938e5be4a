/**
 * The address plan of the test bed: namespace roles and their names, interface names, every
 * address (documentation ranges outside, private ranges inside) and the links between roles.
 */
import type { RouterSides } from './nat-recipes.ts';

/** The six namespaces of a topology. `internet` only holds the bridge joining the WAN sides. */
export type Role = 'internet' | 'server' | 'aliceNat' | 'bobNat' | 'alice' | 'bob';

/** Every role, in creation order (teardown runs in reverse). */
export const ROLES: readonly Role[] = ['internet', 'server', 'aliceNat', 'bobNat', 'alice', 'bob'];

/** The two sides that sit behind a NAT router. */
export type Side = 'alice' | 'bob';

const SUFFIX: Readonly<Record<Role, string>> = {
  internet: 'internet',
  server: 'server',
  aliceNat: 'alice-nat',
  bobNat: 'bob-nat',
  alice: 'alice',
  bob: 'bob',
};

/** The namespace names of run `prefix`: `<prefix>-server`, `<prefix>-alice-nat`, ... */
export function namespaceNames(prefix: string): Readonly<Record<Role, string>> {
  const names = {} as Record<Role, string>;
  for (const role of ROLES) names[role] = `${prefix}-${SUFFIX[role]}`;
  return names;
}

/**
 * Every address of the topology. The "public" ones echo the walkthrough's (server
 * 54.93.249.162, Bob 54.93.229.24, Alice 82.230.120.113) inside the documentation ranges.
 */
export const ADDRESSES = {
  /** The server's primary address (STUN primary, where `nc -lu 9000` listens). */
  serverPrimary: '203.0.113.162',
  /** The server's second address (STUN alternate / CHANGED-ADDRESS). */
  serverAlternate: '203.0.113.163',
  /** Alice's NAT router, WAN side: Alice's public address. */
  aliceNatWan: '192.0.2.113',
  /** Alice's NAT router, LAN side: Alice's gateway. */
  aliceNatLan: '192.168.1.1',
  alice: '192.168.1.10',
  /** Bob's NAT router, WAN side: Bob's public address. */
  bobNatWan: '198.51.100.24',
  /** Bob's NAT router, LAN side: Bob's gateway. */
  bobNatLan: '192.168.2.1',
  bob: '192.168.2.20',
} as const;

/** The "public" prefixes, all documentation ranges (RFC 5737), all on the one internet bridge. */
export const PUBLIC_PREFIXES = {
  server: '203.0.113.0/24',
  aliceNat: '192.0.2.0/24',
  bobNat: '198.51.100.0/24',
} as const;

/** The interface names, the same in every topology (interfaces live in their namespace). */
export const IFACES = {
  bridge: 'br0',
  /** The internet side of each WAN link (ports of br0). */
  port: { server: 'server', aliceNat: 'alice-nat', bobNat: 'bob-nat' },
  hostEth: 'eth0',
  wan: 'wan0',
  lan: 'lan0',
} as const;

/** One veth pair: `aIf` in role `a`, `bIf` in role `b`, created straight in those namespaces. */
export interface VethLink {
  readonly a: Role;
  readonly aIf: string;
  readonly b: Role;
  readonly bIf: string;
}

/** The five veth pairs. None of them has an end in the root namespace. */
export const LINKS: readonly VethLink[] = [
  { a: 'internet', aIf: IFACES.port.server, b: 'server', bIf: IFACES.hostEth },
  { a: 'internet', aIf: IFACES.port.aliceNat, b: 'aliceNat', bIf: IFACES.wan },
  { a: 'internet', aIf: IFACES.port.bobNat, b: 'bobNat', bIf: IFACES.wan },
  { a: 'aliceNat', aIf: IFACES.lan, b: 'alice', bIf: IFACES.hostEth },
  { a: 'bobNat', aIf: IFACES.lan, b: 'bob', bIf: IFACES.hostEth },
];

/** One address on one interface (prefix length 24 everywhere). */
export interface AddressAssignment {
  readonly role: Role;
  readonly iface: string;
  readonly ip: string;
}

/** Every address assignment. */
export const ASSIGNMENTS: readonly AddressAssignment[] = [
  { role: 'server', iface: IFACES.hostEth, ip: ADDRESSES.serverPrimary },
  { role: 'server', iface: IFACES.hostEth, ip: ADDRESSES.serverAlternate },
  { role: 'aliceNat', iface: IFACES.wan, ip: ADDRESSES.aliceNatWan },
  { role: 'aliceNat', iface: IFACES.lan, ip: ADDRESSES.aliceNatLan },
  { role: 'alice', iface: IFACES.hostEth, ip: ADDRESSES.alice },
  { role: 'bobNat', iface: IFACES.wan, ip: ADDRESSES.bobNatWan },
  { role: 'bobNat', iface: IFACES.lan, ip: ADDRESSES.bobNatLan },
  { role: 'bob', iface: IFACES.hostEth, ip: ADDRESSES.bob },
];

/**
 * One route. There is no default route anywhere: every namespace reaches the three documentation
 * prefixes and nothing else, so `ip route get 8.8.8.8` fails in all of them.
 */
export interface RouteAssignment {
  readonly role: Role;
  readonly prefix: string;
  readonly dev: string;
  /** Next hop; absent for on-link routes across the internet bridge. */
  readonly via?: string;
}

const onLink = (role: Role, dev: string, prefixes: string[]): RouteAssignment[] =>
  prefixes.map((prefix) => ({ role, prefix, dev }));
const viaGateway = (role: Role, via: string): RouteAssignment[] =>
  Object.values(PUBLIC_PREFIXES).map((prefix) => ({ role, prefix, dev: IFACES.hostEth, via }));

/** Every route. */
export const ROUTES: readonly RouteAssignment[] = [
  ...onLink('server', IFACES.hostEth, [PUBLIC_PREFIXES.aliceNat, PUBLIC_PREFIXES.bobNat]),
  ...onLink('aliceNat', IFACES.wan, [PUBLIC_PREFIXES.server, PUBLIC_PREFIXES.bobNat]),
  ...onLink('bobNat', IFACES.wan, [PUBLIC_PREFIXES.server, PUBLIC_PREFIXES.aliceNat]),
  ...viaGateway('alice', ADDRESSES.aliceNatLan),
  ...viaGateway('bob', ADDRESSES.bobNatLan),
];

/** The router role and interfaces of each side, for the NAT recipes. */
export const ROUTER_OF: Readonly<Record<Side, { role: Role; sides: RouterSides }>> = {
  alice: {
    role: 'aliceNat',
    sides: { wan: IFACES.wan, lan: IFACES.lan, lanHost: ADDRESSES.alice },
  },
  bob: { role: 'bobNat', sides: { wan: IFACES.wan, lan: IFACES.lan, lanHost: ADDRESSES.bob } },
};

/** The LAN prefix behind each side's router. */
export const LAN_PREFIXES: Readonly<Record<Side, string>> = {
  alice: '192.168.1.0/24',
  bob: '192.168.2.0/24',
};

/**
 * The routes that make `side`'s LAN reachable when its router only routes (no NAT): in the
 * server and the other router through this router's WAN address, in the other host through its
 * own gateway. Not part of a normal build, where private addresses stay unreachable.
 */
export function routedLanRoutes(side: Side): (RouteAssignment & { via: string })[] {
  const other: Side = side === 'alice' ? 'bob' : 'alice';
  const wan = side === 'alice' ? ADDRESSES.aliceNatWan : ADDRESSES.bobNatWan;
  const otherGateway = other === 'alice' ? ADDRESSES.aliceNatLan : ADDRESSES.bobNatLan;
  const prefix = LAN_PREFIXES[side];
  return [
    { role: 'server', prefix, dev: IFACES.hostEth, via: wan },
    { role: ROUTER_OF[other].role, prefix, dev: IFACES.wan, via: wan },
    { role: other, prefix, dev: IFACES.hostEth, via: otherGateway },
  ];
}

/**
 * The home network of a double NAT (Topology.addHome): Alice's namespace becomes a home router
 * (WAN eth0 192.168.1.10 behind Alice's router, now the carrier's NAT; LAN home0 10.0.0.1) and a
 * seventh namespace, `<prefix>-home`, holds the home host.
 *
 *   internet -- alice-nat (CGNAT) 192.0.2.113 / 192.168.1.1
 *                 `-- alice (home router) eth0 192.168.1.10 / home0 10.0.0.1
 *                       `-- home (host) eth0 10.0.0.10
 */
export const HOME = {
  suffix: 'home',
  routerLan: 'home0',
  routerLanIp: '10.0.0.1',
  host: '10.0.0.10',
  prefix: '10.0.0.0/24',
} as const;
