/**
 * Where a room's steps may send: the lab's Server (its addresses, the STUN server's among them)
 * and the room's machines as the lab knows them (each agent's LAN addresses, the public address
 * its hub connection comes from, and what the rendezvous saw of it). The step schema already
 * refused anything that is not one host's address; this refuses every host that is not one of
 * the lab's, so a browser cannot aim an agent's datagrams at a third party.
 */
import type { Saw } from '../../src/protocol/messages.ts';
import type { Step } from '../../src/protocol/steps.ts';

/** What the check needs of an agent. */
export interface TargetPeer {
  readonly role?: string | undefined;
  readonly lan?: readonly string[] | undefined;
  readonly remoteIp?: string | undefined;
  readonly saw: readonly Saw[];
}

/** Each known machine's addresses, by name ('server', 'alice', 'bob'). */
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

/** Why `step` may not run in this lab (undefined: it may). */
export function targetProblem(
  step: Step,
  server: readonly string[],
  agents: Iterable<TargetPeer>,
): string | undefined {
  if (step.template === 'nc-listen') return undefined;
  const machines = labMachines(server, agents);
  const [field, ip, only] =
    step.template === 'nc-send'
      ? ['step.to.ip', step.to.ip, undefined]
      : ['step.server.ip', step.server.ip, 'server'];
  for (const [name, ips] of machines) {
    if ((only === undefined || name === only) && ips.has(ip)) return undefined;
  }
  const known = [...machines]
    .filter(([name, ips]) => ips.size > 0 && (only === undefined || name === only))
    .map(([name, ips]) => `${name} ${[...ips].join(' ')}`)
    .join('; ');
  const what = only ? "the lab's Server" : 'a machine of this lab';
  return `${field} ${ip} is not ${what} (${known || 'none known yet'})`;
}
