/**
 * The STUN classifiers' verdicts per recipe: behind Alice's router, with every recipe and INPUT
 * policy, our RFC 3489 and RFC 5780 classifiers beside Debian's `stun` and coturn's natdiscovery
 * (against coturn's turnserver on the server's two addresses), each compared with the model: its
 * simulated pystun, and the mapping and filtering it gives the recipe: 8 cases.
 */
import type { VerifyCase } from '../case.ts';
import { ROUTER_NATS, natId } from './common.ts';

/** The STUN family. */
export function stunCases(): VerifyCase[] {
  return ROUTER_NATS.map((nat): VerifyCase => ({
    id: `stun/${natId(nat)}`,
    family: 'stun',
    title: `STUN classifiers behind ${natId(nat)}: ours, Debian stun, coturn natdiscovery`,
    routers: { alice: nat, bob: nat },
    steps: [],
    stun: true,
  }));
}
