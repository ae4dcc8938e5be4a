/**
 * What a NAT lets in and how it words what it drops: the inside endpoint a static forward (port
 * forward or DMZ) sends an unsolicited packet to, the RFC 4787 filtering verdict of one binding
 * for a remote, and the `detail` text of each `dropped` event the Nat emits. Pure functions of
 * the policy and the tables' records; the Nat decides when to call them.
 *
 *   packet from outside ──► exact flow? ──► forwardTarget ──► filterVerdict per binding ──► drop
 */
import type { Endpoint } from './endpoint.ts';
import { formatEndpoint } from './endpoint.ts';
import type { NatPolicy } from './nat-policy.ts';
import type { Binding } from './nat-tables.ts';

/** The filtering verdict of one binding for a packet from `remote`. */
export type FilterVerdict = 'pass' | 'filtered-address' | 'filtered-port';

/**
 * Where a static forward sends a packet for external endpoint `ext` of the NAT at `externalIp`:
 * a port forward of that port first, else the DMZ host on the same port, else nowhere.
 */
export function forwardTarget(
  policy: NatPolicy,
  externalIp: string,
  ext: Endpoint,
): Endpoint | undefined {
  if (!policy.translate || ext.ip !== externalIp) return undefined;
  let dmz: Endpoint | undefined;
  for (const f of policy.forwards) {
    if (f.kind === 'port' && f.externalPort === ext.port)
      return { ip: f.internalIp, port: f.internalPort };
    if (f.kind === 'dmz') dmz = { ip: f.internalIp, port: ext.port };
  }
  return dmz;
}

/**
 * Whether binding `b` lets in a packet from `remote` under `filtering`: endpoint-independent
 * always; address-dependent once an outbound flow went to that address; address-and-port-
 * dependent once one went to that very endpoint (else the closest miss, port or address).
 */
export function filterVerdict(
  filtering: NatPolicy['filtering'],
  b: Binding,
  remote: Endpoint,
): FilterVerdict {
  if (filtering === 'endpoint-independent') return 'pass';
  let sameIp = false;
  for (const flow of b.flows.values()) {
    if (flow.origin !== 'out' || flow.remote.ip !== remote.ip) continue;
    if (filtering === 'address-dependent' || flow.remote.port === remote.port) return 'pass';
    sameIp = true;
  }
  return sameIp ? 'filtered-port' : 'filtered-address';
}

/** The detail of a `port-exhausted` drop. */
export function exhaustedDetail(externalIp: string): string {
  return `no free external port on ${externalIp}`;
}

/** The detail of a drop at the router's own (local) conntrack entry for that tuple. */
export function ownEntryDetail(remote: Endpoint, ext: Endpoint): string {
  return `${formatEndpoint(remote)} -> ${formatEndpoint(ext)} matched the router's own conntrack entry`;
}

/** The detail of a drop whose packet INPUT accepted, leaving a local conntrack entry. */
export function localEntryDetail(remote: Endpoint, ext: Endpoint): string {
  return `${noMapping(remote, ext)}; INPUT accepts it, so the router keeps a conntrack entry that can clash later`;
}

/** The detail of a drop by filtering (or for want of any mapping). */
export function filteredDetail(remote: Endpoint, ext: Endpoint): string {
  return `filtered: ${noMapping(remote, ext)}`;
}

/** Why an inbound packet found no way in, for a drop's detail. */
function noMapping(remote: Endpoint, ext: Endpoint): string {
  return `no mapping permits ${formatEndpoint(remote)} -> ${formatEndpoint(ext)}`;
}
