/**
 * The --help texts of `agujero netns` and its subcommands, with the NAT types, the recipe behind
 * each, the addresses and examples.
 */
import { ADDRESSES } from '../netns/plan.ts';
import { INPUT_HOW, NAT_TYPES, NAT_TYPE_RECIPES } from '../netns/nat-types.ts';
import { PROG } from './command.ts';

const width = Math.max(...NAT_TYPES.map((t) => t.length));
const TYPES = NAT_TYPES.map(
  (t) => `  ${t.padEnd(width)}  ${NAT_TYPE_RECIPES[t].rfc4787}: ${NAT_TYPE_RECIPES[t].how}`,
).join('\n');

const PICTURE = `            [internet]  a bridge, nothing else; no route out of the namespaces
      +---------+-------------------+-----------------+
  NAME-server                 NAME-alice-nat      NAME-bob-nat
  ${ADDRESSES.serverPrimary} / ${ADDRESSES.serverAlternate}   wan0 ${ADDRESSES.aliceNatWan}     wan0 ${ADDRESSES.bobNatWan}
                               |                     |
                          NAME-alice            NAME-bob
                          ${ADDRESSES.alice}          ${ADDRESSES.bob}`;

/** `netns --help`. */
export const NETNS_HELP = `usage: ${PROG} netns up --alice TYPE --bob TYPE [--input drop|accept] [--live [--hub-port P]] [--name NAME] [--json]
       ${PROG} netns status [--name NAME] [--json]
       ${PROG} netns down [--name NAME] [--json]
       ${PROG} netns capture --out FILE.pcapng [--seconds N] [--run FILE.json] [--name NAME]

Build, on this Linux machine (as root), the walkthrough's Server, two NAT routers running real
nftables/iptables NAT, Alice and Bob, each in its own network namespace, on documentation
addresses; it stays up after the command exits, until \`netns down\`.

${PICTURE}

NAT types (TYPE):
${TYPES}

With --live it also starts the class on this one machine: \`${PROG} server\` in the Server's
namespace and \`${PROG} agent\` in Alice's and Bob's, the agents reaching the hub through the NATs.

examples:
  ${PROG} netns up --alice restricted-cone --bob full-cone
  ${PROG} netns up --alice restricted-cone --bob full-cone --live
  ${PROG} netns status
  ip netns exec agujero-server nc -klu 9000
  ${PROG} netns down

Run '${PROG} netns up --help' for the walkthrough to type once it is up.
`;

/** `netns up --help`. */
export const UP_HELP = `usage: ${PROG} netns up --alice TYPE --bob TYPE [--input drop|accept] [--live [--hub-port P]]
${' '.repeat(PROG.length + 17)}[--origin URL]... [--name NAME] [--json]

Build Server, Alice's NAT, Bob's NAT, Alice and Bob in network namespaces named NAME-server,
NAME-alice-nat, NAME-bob-nat, NAME-alice, NAME-bob (and NAME-internet, the bridge between the
public sides), print each step as it runs and then what was built and how to use it. Nothing in
them has a route out of the documentation ranges. Needs root, ip, iptables and nft.

${PICTURE}

options:
      --alice TYPE        Alice's router (required): ${NAT_TYPES.join(', ')}
      --bob TYPE          Bob's router (required), the same types
      --input drop|accept what each router's INPUT chain does with NEW packets from the WAN
                          (default drop):
                            drop    ${INPUT_HOW.drop}
                            accept  ${INPUT_HOW.accept}
      --live              also run the class: \`${PROG} server\` in NAME-server (rendezvous udp 9000,
                          STUN, the hub on ${ADDRESSES.serverPrimary}:8080 with a new token) and
                          \`${PROG} agent\` in NAME-alice and NAME-bob, which dial the hub through
                          their NATs as students' machines would; up returns once the hub lists
                          both. This machine reaches the hub (and the web app) on 127.0.0.1:P, a
                          socket up binds here and hands to the server: no link into the namespaces
      --hub-port P        that host-side port (default 8080; 0: any free one)
      --origin URL        with --live: the hub also accepts browsers from this origin, e.g. the
                          simulator's dev server on another port (repeatable)
      --name NAME         the namespaces' prefix (default agujero): a second topology beside the first
      --json              the state as JSON on stdout (progress goes to stderr)
  -h, --help              this text

NAT types:
${TYPES}

If a topology of that name is up, up refuses (run down first). What a run killed halfway left
(even by SIGKILL) is removed first, and said so; Ctrl-C during up removes what it made.

examples:
  ${PROG} netns up --alice port-restricted-cone --bob port-restricted-cone
  ${PROG} netns up --alice port-restricted-cone --bob port-restricted-cone --input accept   # the clash
  ${PROG} netns up --alice symmetric --bob full-cone --name lab2
  ${PROG} netns up --alice port-restricted-cone --bob full-cone --live   # then open the printed URL

then, in three terminals (the walkthrough; -q 1 ends each nc a second after its line is sent):
  ip netns exec agujero-server nc -klu 9000
  echo toc | ip netns exec agujero-bob nc -q 1 -p 58888 -u ${ADDRESSES.serverPrimary} 9000
  echo "upd hole" | ip netns exec agujero-alice nc -q 1 -p 53333 -u ${ADDRESSES.bobNatWan} 58888
  ip netns exec agujero-alice nc -klu 53333
  echo "soy Bob" | ip netns exec agujero-bob nc -q 1 -p 58888 -u ${ADDRESSES.aliceNatWan} 53333

Exit status: 0 up, 1 could not build it (nothing is left behind), 2 bad command line.
`;

/** `netns down --help`. */
export const DOWN_HELP = `usage: ${PROG} netns down [--name NAME] [--json]

Stop the processes \`up --live\` started, remove every namespace of topology NAME (default
agujero), which kills what runs inside them and takes their veth links, addresses, routes and
nftables/iptables rules with them, and its state file and logs. Also removes what a run that died or was killed (SIGKILL included) while building left, and the namespaces of any
dead run of \`verify\` or a test (agj-<pid>-<n>-..., whose process is gone).
With nothing up it says so and exits 0. It refuses while another netns up is still building.

examples:
  ${PROG} netns down
  ${PROG} netns down --name lab2 --json

Exit status: 0 nothing is left, 1 something could not be removed (the message says what).
`;

/** `netns status --help`. */
export const STATUS_HELP = `usage: ${PROG} netns status [--name NAME] [--json]

Say whether topology NAME (default agujero) is up, being built, down, or broken (a run died
halfway or namespaces are missing: run netns down), with its NATs, namespaces and addresses.

examples:
  ${PROG} netns status
  ${PROG} netns status --json     # {"name":"agujero","state":"up",...}

Exit status: 0 (whatever the state), 2 bad command line.
`;
