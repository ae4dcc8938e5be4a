/**
 * What `agujero netns` prints: the summary after `up` (namespaces, addresses, NATs and the
 * walkthrough's commands to type), the result of `down`, and `status` as text or JSON.
 */
import type { NamedStatus } from '../netns/named.ts';
import { INPUT_HOW, NAT_TYPE_RECIPES, isInputChoice, isNatType } from '../netns/nat-types.ts';
import { ADDRESSES } from '../netns/plan.ts';
import type { TopologyState } from '../netns/state.ts';
import { liveLines } from './netns-live-report.ts';
import { PROG } from './command.ts';

const A = ADDRESSES;

/** "full-cone (EI mapping, EI filtering: nft ...)" for a type the state recorded. */
function natLine(type: string): string {
  return isNatType(type)
    ? `${type} (${NAT_TYPE_RECIPES[type].rfc4787}: ${NAT_TYPE_RECIPES[type].how})`
    : type;
}

/** One line per namespace: name, who it is, its addresses. */
function namespaceLines(s: TopologyState): string[] {
  const ns = s.namespaces;
  const rows: [string | undefined, string, string][] = [
    [ns.server, 'Server', `${A.serverPrimary} and ${A.serverAlternate} (primary, alternate)`],
    [ns.aliceNat, "Alice's NAT", `public ${A.aliceNatWan} (wan0), LAN ${A.aliceNatLan}`],
    [ns.alice, 'Alice', `${A.alice}, gateway ${A.aliceNatLan}`],
    [ns.bobNat, "Bob's NAT", `public ${A.bobNatWan} (wan0), LAN ${A.bobNatLan}`],
    [ns.bob, 'Bob', `${A.bob}, gateway ${A.bobNatLan}`],
    [ns.internet, 'internet', 'the bridge joining the public sides'],
  ];
  const width = Math.max(...rows.map((r) => (r[0] ?? '').length));
  return rows.map(
    ([name, who, addr]) => `  ${(name ?? '?').padEnd(width)}  ${who.padEnd(11)}  ${addr}`,
  );
}

/** The public ip:port a server sees: the port is kept unless the NAT is symmetric. */
const seen = (ip: string, type: string, port: number): string =>
  `${ip}:${type === 'symmetric' ? 'a random port' : port}`;

/** The walkthrough's commands for this topology, each with a comment in one column. */
function walkthrough(s: TopologyState): string[] {
  const ns = s.namespaces;
  const nc = (who: string | undefined, text: string, from: number, to: string, port: number) =>
    `echo ${text} | ip netns exec ${who} nc -q 1 -p ${from} -u ${to} ${port}`;
  const lines: [string, string][] = [
    [`ip netns exec ${ns.server} nc -klu 9000`, 'Server listens'],
    [
      nc(ns.bob, 'toc', 58888, A.serverPrimary, 9000),
      `Server sees ${seen(A.bobNatWan, s.bob, 58888)}`,
    ],
    [
      nc(ns.alice, 'toc', 53333, A.serverPrimary, 9000),
      `Server sees ${seen(A.aliceNatWan, s.alice, 53333)}`,
    ],
    [nc(ns.alice, '"upd hole"', 53333, A.bobNatWan, 58888), 'Alice punches'],
    [`ip netns exec ${ns.alice} nc -klu 53333`, 'Alice listens'],
    [nc(ns.bob, '"soy Bob"', 58888, A.aliceNatWan, 53333), 'does it reach Alice?'],
    [`ip netns exec ${ns.bobNat} conntrack -L -p udp`, "Bob's router's flows"],
    [`ip netns exec ${ns.aliceNat} nft list ruleset`, "Alice's router's NAT rules"],
  ];
  const width = Math.max(...lines.map(([c]) => c.length));
  return lines.map(([command, note]) => `  ${command.padEnd(width)}  # ${note}`);
}

/** The text printed after a successful `up`. */
export function formatUp(s: TopologyState): string {
  const input = isInputChoice(s.input) ? `${s.input}: ${INPUT_HOW[s.input]}` : s.input;
  return [
    '',
    `${s.name} is up (${s.buildMs ?? '?'} ms): six namespaces, five veth pairs, no route out of the documentation ranges.`,
    `  Alice's NAT: ${natLine(s.alice)}`,
    `  Bob's NAT:   ${natLine(s.bob)}`,
    `  INPUT:       ${input}`,
    '',
    'namespaces (run anything inside one with: ip netns exec NAME COMMAND):',
    ...namespaceLines(s),
    '',
    ...(s.live
      ? liveLines(s)
      : [
          'the walkthrough, each line in its own terminal, in order (-q 1: nc ends a second after sending):',
          ...walkthrough(s),
        ]),
    '',
    `${PROG} netns status   shows it; ${PROG} netns down${s.name === 'agujero' ? '' : ` --name ${s.name}`}   removes it all.`,
    '',
  ].join('\n');
}

/** The text printed by `down`. */
export function formatDown(
  name: string,
  before: NamedStatus,
  removed: readonly string[],
  ms: number,
): string {
  if (removed.length === 0 && before.state === 'down')
    return `${name}: nothing to remove, no topology of that name is up.\n`;
  const what = before.state === 'broken' ? ` (what was left: ${before.detail})` : '';
  return [
    `${name}: removed ${removed.length} namespaces${what} in ${ms} ms:`,
    ...removed.map((ns) => `  ${ns}`),
    'Their processes, veth links, addresses, routes and nftables rules went with them; the state file is gone.',
    '',
  ].join('\n');
}

/** `status` as JSON. */
export function statusJson(s: NamedStatus): Record<string, unknown> {
  return {
    name: s.name,
    state: s.state,
    detail: s.detail,
    present: s.present,
    missing: s.missing,
    stateFile: s.stateFile,
    ...(s.topology ? { topology: s.topology } : {}),
  };
}

/** `status` as text. */
export function formatStatus(s: NamedStatus): string {
  const t = s.topology;
  switch (s.state) {
    case 'down':
      return `topology ${s.name}: down (nothing is up). Build it with: ${PROG} netns up --alice TYPE --bob TYPE\n`;
    case 'building':
      return `topology ${s.name}: being built (${s.detail})\n`;
    case 'broken':
      return [
        `topology ${s.name}: broken: ${s.detail}.`,
        s.present.length > 0 ? `  present: ${s.present.join(', ')}` : '',
        s.missing.length > 0 ? `  missing: ${s.missing.join(', ')}` : '',
        `Run ${PROG} netns down${s.name === 'agujero' ? '' : ` --name ${s.name}`} to remove what is left.`,
        '',
      ]
        .filter((line, i, all) => line !== '' || i === all.length - 1)
        .join('\n');
    case 'up':
      if (!t) return `topology ${s.name}: up\n`;
      return [
        `topology ${s.name}: up since ${t.builtAt ?? t.createdAt} (built by pid ${t.builder.pid} in ${t.buildMs ?? '?'} ms)`,
        `  Alice's NAT: ${natLine(t.alice)}`,
        `  Bob's NAT:   ${natLine(t.bob)}`,
        `  INPUT:       ${t.input}`,
        ...namespaceLines(t),
        ...(t.live ? liveLines(t, true) : []),
        `  state file: ${s.stateFile}`,
        '',
      ].join('\n');
    default: {
      const never: never = s.state;
      return String(never);
    }
  }
}
