/**
 * Mapping tests: one socket of Alice's (53333) sends to the server's two addresses x two ports;
 * what each server endpoint sees says whether the port is preserved and whether the external
 * endpoint is the same for every destination (EI mapping) or not. Each recipe under both INPUT
 * policies, plain and after the unsolicited answers of a filtering test (from the alternate
 * address and port, before Alice sent there), which leave conntrack state behind when INPUT
 * accepts them and make the later mapping toward that endpoint clash onto another port.
 */
import type { Step, VerifyCase } from '../case.ts';
import { send } from '../case.ts';
import { ROUTER_NATS, SERVER_FOUR, alice, natId, server } from './common.ts';

const SRC = alice(53333);

const sends = (): Step[] =>
  SERVER_FOUR.map((s, i) =>
    send(`to-${i + 1}`, SRC, { addr: s.ip ?? 'serverPrimary', port: s.port }),
  );

/** The mapping family: 16 cases. */
export function mappingCases(): VerifyCase[] {
  return ROUTER_NATS.flatMap((nat): VerifyCase[] => [
    {
      id: `mapping/${natId(nat)}/plain`,
      family: 'mapping',
      title: `Alice 53333 -> server 2 addresses x 2 ports, ${natId(nat)}`,
      routers: { alice: nat, bob: nat },
      listen: SERVER_FOUR,
      steps: sends(),
    },
    {
      id: `mapping/${natId(nat)}/after-unsolicited`,
      family: 'mapping',
      title: `the same after an unsolicited packet from the alternate endpoint, ${natId(nat)}`,
      routers: { alice: nat, bob: nat },
      listen: SERVER_FOUR,
      steps: [
        send('unsolicited', server(3479, true), { addr: 'aliceNatWan', port: 53333 }),
        ...sends(),
      ],
    },
  ]);
}
