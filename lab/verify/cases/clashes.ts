/**
 * Port preservation and clashes. An inbound-first clash: the server's alternate endpoint sends
 * to Alice's public 53333 before she ever sent there (INPUT accepting keeps a conntrack entry
 * for it), then Alice's one socket sends to it and to three other destinations: which port does
 * each flow leave from? And two LAN hosts (Alice's two addresses) sending from the same source
 * port toward the same server endpoint and toward different ones, each answered by the server.
 */
import type { VerifyCase } from '../case.ts';
import { send } from '../case.ts';
import { NAT_RECIPES } from '../../netns/nat-recipes.ts';
import { ROUTER_NATS, SERVER_FOUR, alice, natId, server } from './common.ts';

const SECOND = { host: 'alice', port: 53333, ip: 'aliceSecond' } as const;

/** The inbound-first clash over four destinations, every recipe and INPUT policy: 8 cases. */
function inboundFirst(): VerifyCase[] {
  return ROUTER_NATS.map((nat): VerifyCase => ({
    id: `clash/inbound-first/${natId(nat)}`,
    family: 'clash',
    title: `an unsolicited packet to :53333 first, then Alice 53333 to four destinations, ${natId(nat)}`,
    routers: { alice: nat, bob: nat },
    listen: SERVER_FOUR,
    steps: [
      send('unsolicited', server(3479, true), { addr: 'aliceNatWan', port: 53333 }),
      send('to-clashing', alice(53333), { addr: 'serverAlternate', port: 3479 }),
      send('to-primary-3478', alice(53333), { addr: 'serverPrimary', port: 3478 }),
      send('to-alternate-3478', alice(53333), { addr: 'serverAlternate', port: 3478 }),
      send('to-primary-3479', alice(53333), { addr: 'serverPrimary', port: 3479 }),
      send('again-clashing', alice(53333), { addr: 'serverAlternate', port: 3479 }),
    ],
  }));
}

/**
 * Which mapping a new flow takes when the socket already has two (53333 toward the server's
 * primary, then a clash port toward its alternate): the newest (nf_nat looks the source up in a
 * list it adds to at the head) or the first. Every recipe and INPUT policy: 8 cases.
 */
function newestMapping(): VerifyCase[] {
  return ROUTER_NATS.map((nat): VerifyCase => ({
    id: `clash/newest-mapping/${natId(nat)}`,
    family: 'clash',
    title: `53333 mapped, then a clash onto another port, then a new destination, ${natId(nat)}`,
    routers: { alice: nat, bob: nat },
    listen: [...SERVER_FOUR, server(9000)],
    steps: [
      send('first', alice(53333), { addr: 'serverPrimary', port: 3478 }),
      send('unsolicited', server(3479, true), { addr: 'aliceNatWan', port: 53333 }),
      send('to-clashing', alice(53333), { addr: 'serverAlternate', port: 3479 }),
      send('new-destination', alice(53333), { addr: 'serverPrimary', port: 9000 }),
      send('first-again', alice(53333), { addr: 'serverPrimary', port: 3478 }),
    ],
  }));
}

/** Two LAN hosts, one source port, same or different server endpoints: 8 cases. */
function twoHosts(): VerifyCase[] {
  return NAT_RECIPES.flatMap((recipe) =>
    (['same-server', 'different-servers'] as const).map((toward): VerifyCase => {
      const nat = { recipe, inputPolicy: 'drop-new' } as const;
      const secondTo = toward === 'same-server' ? server(3478) : server(3478, true);
      return {
        id: `clash/two-hosts/${toward}/${recipe}`,
        family: 'clash',
        title: `two LAN hosts from port 53333 to the ${toward.replace('-', ' ')}, ${natId(nat)}`,
        routers: { alice: nat, bob: nat },
        listen: SERVER_FOUR,
        steps: [
          send('first-host', alice(53333), { addr: 'serverPrimary', port: 3478 }),
          send('second-host', SECOND, { addr: secondTo.ip ?? 'serverPrimary', port: 3478 }),
          send('reply-first', server(3478), { seenOf: 'first-host' }),
          send('reply-second', secondTo, { seenOf: 'second-host' }),
        ],
      };
    }),
  );
}

/** The clash family: 24 cases. */
export function clashCases(): VerifyCase[] {
  return [...inboundFirst(), ...newestMapping(), ...twoHosts()];
}
