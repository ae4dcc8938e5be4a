/**
 * An agent as browsers see it (`AgentInfo`): its role, room, nc and host, and the addresses the
 * lab knows it by: the LAN ones it reported, the public one its hub connection came from, and
 * what the Server's rendezvous saw of it (one entry per local port, most recent last, bounded).
 */
import { ipv4Kind } from '../../src/model/stun/ip.ts';
import { MAX_ADDRESSES } from '../../src/protocol/messages.ts';
import type { AgentInfo, NcInfo, Saw } from '../../src/protocol/messages.ts';
import type { AgentRole } from '../../src/protocol/fields.ts';

/** What the list needs of an agent's connection. */
export interface ListedAgent {
  readonly role?: AgentRole | undefined;
  readonly room: string;
  readonly nc?: NcInfo | undefined;
  readonly host?: string | undefined;
  readonly since: number;
  readonly lan?: readonly string[] | undefined;
  readonly remoteIp?: string | undefined;
  readonly saw: readonly Saw[];
}

/** The agent's entry in an `agents` message (`defaultRoom` is left out). */
export function agentInfo(p: ListedAgent, defaultRoom: string): AgentInfo {
  const remote = p.remoteIp;
  return {
    role: p.role!,
    ...(p.room === defaultRoom ? {} : { room: p.room }),
    nc: p.nc!,
    ...(p.host === undefined ? {} : { host: p.host }),
    since: p.since,
    ...(p.lan?.length ? { lan: [...p.lan] } : {}),
    ...(remote !== undefined && ipv4Kind(remote) === 'unicast' ? { public: remote } : {}),
    ...(p.saw.length ? { saw: p.saw.map((s) => ({ local: s.local, seen: { ...s.seen } })) } : {}),
  };
}

/**
 * Records what the rendezvous saw from `saw.local` (replacing the entry of the same local port),
 * keeping the last MAX_ADDRESSES; false when it was already known exactly so.
 */
export function rememberSaw(list: Saw[], saw: Saw): boolean {
  const i = list.findIndex((s) => s.local === saw.local);
  const old = i < 0 ? undefined : list[i];
  if (old && old.seen.ip === saw.seen.ip && old.seen.port === saw.seen.port) {
    list.splice(i, 1);
    list.push(old); // most recent last
    return false;
  }
  if (i >= 0) list.splice(i, 1);
  list.push(saw);
  if (list.length > MAX_ADDRESSES) list.shift();
  return true;
}
