/**
 * Topology and policy validation: every malformed topology or NAT policy is refused up front with
 * ModelError('bad-topology' | 'bad-policy') and a message naming the node and the problem.
 */
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/model/errors.ts';
import { makePolicy } from '../../src/model/nat-policy.ts';
import { Network } from '../../src/model/network.ts';
import { preset } from '../../src/model/presets.ts';
import type { NodeSpec, TopologySpec } from '../../src/model/topology.ts';
import { validateTopology } from '../../src/model/topology.ts';
import { homeTopology } from './helpers.ts';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModelError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'accepted';
}

const router = (over: Partial<NodeSpec & { kind: 'router' }>): NodeSpec => ({
  kind: 'router',
  id: 'r',
  wanIp: '192.0.2.1',
  lanIp: '10.0.0.1',
  lan: '10.0.0.0/24',
  parent: 'internet',
  nat: 'full-cone',
  ...over,
});
const host = (over: Partial<NodeSpec & { kind: 'host' }>): NodeSpec => ({
  kind: 'host',
  id: 'h',
  ip: '10.0.0.2',
  parent: 'r',
  ...over,
});
const topo = (...nodes: NodeSpec[]): TopologySpec => ({ nodes });

describe('topology validation', () => {
  it('accepts the home topology and a home NAT behind a CGNAT', () => {
    expect(refusal(() => validateTopology(homeTopology('cgnat')))).toBe('accepted');
    const nested = topo(
      router({ id: 'cgnat', lanIp: '100.64.0.1', lan: '100.64.0.0/10', nat: 'cgnat' }),
      router({ id: 'home', wanIp: '100.64.0.2', parent: 'cgnat' }),
      host({ parent: 'home' }),
    );
    expect(refusal(() => validateTopology(nested))).toBe('accepted');
  });

  it.each<[string, TopologySpec, string]>([
    [
      'a bad id',
      topo(host({ id: 'Alice', parent: 'internet' })),
      'node id "Alice" must be lowercase letters, digits and dashes',
    ],
    [
      'a duplicate id',
      topo(router({}), host({}), host({ ip: '10.0.0.3' })),
      'duplicate node id "h"',
    ],
    [
      'the reserved id',
      topo(host({ id: 'internet', parent: 'internet' })),
      'duplicate node id "internet"',
    ],
    [
      'an unknown parent',
      topo(host({ parent: 'nowhere' })),
      '"h" has parent "nowhere", which is not a router or "internet"',
    ],
    [
      'a host as parent',
      topo(host({ parent: 'internet', ip: '198.51.100.1' }), host({ id: 'g', parent: 'h' })),
      '"g" has parent "h", which is not a router or "internet"',
    ],
    [
      'a bad address',
      topo(host({ parent: 'internet', ip: '1.2.3' })),
      '"h": not an IPv4 address: "1.2.3" (expected a.b.c.d)',
    ],
    [
      'an address used twice on a segment',
      topo(router({}), host({}), host({ id: 'g' })),
      '"g" and "h" both use 10.0.0.2 on r',
    ],
    [
      'a host outside its LAN',
      topo(router({}), host({ ip: '10.0.1.2' })),
      '"h" address 10.0.1.2 is outside its router\'s LAN 10.0.0.0/24',
    ],
    [
      'a lanIp outside the LAN',
      topo(router({ lanIp: '10.9.0.1' })),
      'router "r" lanIp 10.9.0.1 is outside 10.0.0.0/24',
    ],
    [
      'a malformed LAN',
      topo(router({ lan: '10.0.0.0' })),
      'router "r": not an IPv4 prefix: "10.0.0.0" (expected a.b.c.d/n)',
    ],
    [
      'an unknown preset',
      topo(router({ nat: 'cone' as never })),
      'router "r": unknown NAT preset "cone"; known presets: open-internet, full-cone, restricted-cone, port-restricted-cone, symmetric, linux-masquerade, linux-masquerade-input-drop, linux-random-fully, cgnat',
    ],
    [
      'a bad override',
      topo(router({ nat: { preset: 'symmetric', overrides: { lifetimeMs: 0 } } })),
      'router "r": invalid NAT policy: lifetimes must be positive',
    ],
    [
      'negative latency',
      topo(host({ parent: 'internet', link: { latencyMs: -1 } })),
      '"h" latency must be >= 0',
    ],
    [
      'loss above 1',
      topo(host({ parent: 'internet', link: { loss: 1.5 } })),
      '"h" loss must be in [0, 1]',
    ],
    [
      'a parent cycle',
      topo(
        router({ id: 'a', wanIp: '10.0.1.2', lanIp: '10.0.0.1', lan: '10.0.0.0/24', parent: 'b' }),
        router({ id: 'b', wanIp: '10.0.0.2', lanIp: '10.0.1.1', lan: '10.0.1.0/24', parent: 'a' }),
      ),
      '"a" is in a parent cycle',
    ],
  ])('refuses %s', (_what, spec, message) => {
    expect(refusal(() => new Network(spec))).toBe(`bad-topology: invalid topology: ${message}`);
  });
});

describe('policy validation', () => {
  it.each<[string, Parameters<typeof makePolicy>[0], string]>([
    [
      'an unknown mapping',
      { mapping: 'sticky' as never },
      'mapping "sticky" is not one of endpoint-independent, address-dependent, address-port-dependent',
    ],
    [
      'an unknown filtering',
      { filtering: 'none' as never },
      'filtering "none" is not one of endpoint-independent, address-dependent, address-port-dependent',
    ],
    [
      'an unknown port assignment',
      { portAssignment: 'lucky' as never },
      'portAssignment "lucky" is unknown',
    ],
    ['an unknown clash rule', { clash: 'panic' as never }, 'clash "panic" is unknown'],
    ['an empty port range', { portRange: [5000, 4000] }, 'portRange [5000, 4000] is empty'],
    [
      'a port range past 65535',
      { portRange: [1024, 70000] },
      'portRange: not a UDP port: 70000 (expected an integer 1-65535)',
    ],
    ['a zero lifetime', { streamLifetimeMs: 0 }, 'lifetimes must be positive'],
    [
      'a forward to a bad port',
      { forwards: [{ kind: 'port', externalPort: 0, internalIp: '10.0.0.2', internalPort: 80 }] },
      'forward: not a UDP port: 0 (expected an integer 1-65535)',
    ],
  ])('refuses %s', (_what, overrides, message) => {
    expect(refusal(() => makePolicy(overrides))).toBe(`bad-policy: invalid NAT policy: ${message}`);
  });

  it('names the known presets when asked for an unknown one', () => {
    expect(refusal(() => preset('moat'))).toMatch(
      /^bad-policy: unknown NAT preset "moat"; known presets: open-internet, /,
    );
  });
});
