/**
 * Filtering tests: Alice opens a mapping toward the server's primary 3478, then the server sends
 * to the endpoint it saw from each of its four address/port combinations; what reaches Alice
 * says whether the NAT filters by nothing (EI), address (AD) or address and port (APD). Every
 * recipe under both INPUT policies: 32 cases.
 */
import type { VerifyCase } from '../case.ts';
import { send } from '../case.ts';
import { ROUTER_NATS, SERVER_FOUR, alice, natId, server } from './common.ts';

const COMBOS = [
  { name: 'same-address-same-port', from: server(3478) },
  { name: 'same-address-other-port', from: server(3479) },
  { name: 'other-address-same-port', from: server(3478, true) },
  { name: 'other-address-other-port', from: server(3479, true) },
] as const;

/** The filtering family: 32 cases. */
export function filteringCases(): VerifyCase[] {
  return ROUTER_NATS.flatMap((nat) =>
    COMBOS.map((combo): VerifyCase => ({
      id: `filtering/${natId(nat)}/${combo.name}`,
      family: 'filtering',
      title: `inbound from the ${combo.name.replaceAll('-', ' ')}, ${natId(nat)}`,
      routers: { alice: nat, bob: nat },
      listen: SERVER_FOUR,
      steps: [
        send('open', alice(53333), { addr: 'serverPrimary', port: 3478 }),
        send('inbound', combo.from, { seenOf: 'open' }),
      ],
    })),
  );
}
