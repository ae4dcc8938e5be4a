/**
 * Where a room's steps may send: the lab's Server (its addresses, the STUN server's among them)
 * and the room's machines as the lab knows them: the public address each agent's hub connection
 * comes from and what the rendezvous saw of it (both seen by the lab itself), and the LAN
 * addresses an agent reported (self-reported, so only for an agent on that same LAN: one whose
 * connection comes from the same public address, and only private or local-scope ones). The step
 * schema already refused anything that is not one host's address; this refuses every host that
 * is not one of the lab's, so neither a browser nor an agent's claim can aim a datagram at a
 * third party.
 */
import type { Saw } from '../../src/protocol/messages.ts';
import type { Step } from '../../src/protocol/steps.ts';
import { lanScope } from '../../src/protocol/lan-scope.ts';

/** What the check needs of an agent. */
export interface TargetPeer {
  readonly role?: string | undefined;
  readonly lan?: readonly string[] | undefined;
  readonly remoteIp?: string | undefined;
  readonly saw: readonly Saw[];
}

/** Each known machine's addresses, by name ('server', 'alice', 'bob'), LAN ones included. */
export function labMachines(
  server: readonly string[],
  agents: Iterable<TargetPeer>,
): Map<string, Set<string>> {
  const machines = new Map<string, Set<string>>([['server', new Set(server)]]);
  for (const a of agents) {
    const ips = machines.get(a.role ?? '?') ?? new Set<string>();
    for (const ip of a.lan ?? []) ips.add(ip);
    if (a.remoteIp !== undefined) ips.add(a.remoteIp);
    for (const s of a.saw) ips.add(s.seen.ip);
    machines.set(a.role ?? '?', ips);
  }
  return machines;
}

/** Whether `ip`, which `peer` reported as its LAN side, is reachable for a step of `from`. */
function lanProblem(
  ip: string,
  peer: TargetPeer,
  from: TargetPeer | undefined,
): string | undefined {
  const scope = lanScope(ip);
  const who = peer.role ?? '?';
  if (scope === undefined) return `${ip} is not a private or local-scope address`;
  if (peer === from) return undefined; // its own address
  const fromIp = from?.remoteIp;
  if (fromIp === undefined || fromIp !== peer.remoteIp) {
    return (
      `${ip} is ${who}'s LAN address, reachable only from ${who}'s LAN ` +
      `(${from?.role ?? 'the sender'} connects from ${fromIp ?? 'an unknown address'}, ` +
      `${who} from ${peer.remoteIp ?? 'an unknown address'}); send to ${who}'s public address ` +
      'or what the Server saw of it'
    );
  }
  if (scope === 'loopback' && lanScope(fromIp) !== 'loopback') {
    return `${ip} is loopback, reachable only for agents on the hub's own machine`;
  }
  return undefined;
}

/** Why `step` may not run in this lab (undefined: it may). */
export function targetProblem(
  step: Step,
  server: readonly string[],
  agents: Iterable<TargetPeer>,
): string | undefined {
  if (step.template === 'nc-listen') return undefined;
  if (server.includes(step.template === 'nc-send' ? step.to.ip : step.server.ip)) return undefined;
  const list = [...agents];
  const machines = labMachines(server, list);
  const known = (only?: string): string =>
    [...machines]
      .filter(([name, ips]) => ips.size > 0 && (only === undefined || name === only))
      .map(([name, ips]) => `${name} ${[...ips].join(' ')}`)
      .join('; ') || 'none known yet';
  if (step.template !== 'nc-send') {
    return `step.server.ip ${step.server.ip} is not the lab's Server (${known('server')})`;
  }
  const ip = step.to.ip;
  const from = list.find((a) => a.role === step.from);
  // seen by the lab itself: where an agent's connection came from, what the rendezvous saw
  if (list.some((a) => a.remoteIp === ip || a.saw.some((s) => s.seen.ip === ip))) return undefined;
  const claimed = list.filter((a) => a.lan?.includes(ip));
  const problems = claimed.map((a) => lanProblem(ip, a, from));
  if (claimed.length && problems.some((p) => p === undefined)) return undefined;
  if (problems[0]) return `step.to.ip ${problems[0]}`;
  return `step.to.ip ${ip} is not a machine of this lab (${known()})`;
}
