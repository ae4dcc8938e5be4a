/**
 * Hairpinning: Alice's second LAN host registers with the server (from 53334), then Alice sends
 * to the public endpoint the server saw, her own router's address. None of the lab's recipes
 * hairpins: the packet from the LAN to the router's own WAN address is delivered to the router
 * itself (where nothing listens), never turned back inward. Every recipe and INPUT policy.
 */
import type { VerifyCase } from '../case.ts';
import { send } from '../case.ts';
import { ROUTER_NATS, alice, natId, server } from './common.ts';

/** The hairpin family: 8 cases. */
export function hairpinCases(): VerifyCase[] {
  return ROUTER_NATS.map((nat): VerifyCase => ({
    id: `hairpin/${natId(nat)}`,
    family: 'hairpin',
    title: `Alice to her second host's public endpoint, ${natId(nat)}`,
    routers: { alice: nat, bob: nat },
    listen: [server(3478)],
    steps: [
      send(
        'register',
        { host: 'alice', port: 53334, ip: 'aliceSecond' },
        {
          addr: 'serverPrimary',
          port: 3478,
        },
      ),
      send('hairpin', alice(53333), { seenOf: 'register' }),
    ],
  }));
}
