/**
 * Topology validation on its own (as Network runs it): refusals are SpecErrors ('bad-topology')
 * carrying the path of the offending field, whatever the order of the nodes.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '../../../src/model/network.ts';
import { SpecError } from '../../../src/model/spec-error.ts';
import type { TopologySpec } from '../../../src/model/topology.ts';

describe('topology validation', () => {
  it.each<[string, unknown, (string | number)[], string]>([
    [
      'a host listed before its router, whose LAN is malformed',
      {
        nodes: [
          { kind: 'host', id: 'h', ip: '10.0.0.2', parent: 'r' },
          {
            kind: 'router',
            id: 'r',
            wanIp: '192.0.2.1',
            lanIp: '10.0.0.1',
            lan: '10.0.0.0',
            parent: 'internet',
            nat: 'full-cone',
          },
        ],
      },
      ['nodes', 1, 'lan'],
      'router "r": not an IPv4 prefix: "10.0.0.0" (expected a.b.c.d/n)',
    ],
    [
      'loss 2 on the default link',
      { nodes: [], defaultLink: { loss: 2 } },
      ['defaultLink', 'loss'],
      'defaultLink loss must be in [0, 1]',
    ],
    ['no topology', null, [], 'it must be an object { nodes, defaultLink? }, got null'],
  ])('refuses %s with a path', (_what, spec, path, message) => {
    let error: unknown;
    try {
      new Network(spec as TopologySpec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect(error).toMatchObject({
      code: 'bad-topology',
      path,
      message: `invalid topology: ${message}`,
    });
  });
});
