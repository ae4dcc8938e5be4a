/**
 * Why a punch failed, in the model's terms (filtering, endpoint-dependent mapping, the Linux
 * conntrack clash, no rendezvous), decided from what one peer observed: pure, no xstate.
 */
import type { Endpoint } from '../model/endpoint.ts';
import { formatEndpoint, sameEndpoint } from '../model/endpoint.ts';
import type { SeenPeer } from '../protocol/rendezvous.ts';

/** The failure codes, worst first. */
export type FailCode =
  'server-unreachable' | 'peer-absent' | 'no-reply' | 'peer-port-changed' | 'one-way' | 'stopped';

/** A failure: its code and one or two sentences naming the cause. */
export interface FailReason {
  readonly code: FailCode;
  readonly text: string;
}

/** What a peer knew when it gave up. */
export interface Observed {
  readonly name: string;
  readonly peer: string;
  readonly server: Endpoint;
  readonly localPort: number;
  /** Where the server saw us (undefined: no answer). */
  readonly self: Endpoint | undefined;
  /** The peer as the server reported it (undefined: never). */
  readonly peerSeen: SeenPeer | undefined;
  /** Distinct sources of packets signed with the peer's name. */
  readonly peerSources: readonly Endpoint[];
  /** Whether the peer said it received one of our packets. */
  readonly peerHeardUs: boolean;
  readonly registerSends: number;
  readonly punchSends: number;
  readonly waitedMs: number;
}

const secs = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** "alice's NAT kept her port" facts from the local and public ports, when both are known. */
function portFact(who: string, local: number | undefined, seen: Endpoint): string | undefined {
  if (local === undefined || local === seen.port) return undefined;
  return `${who} NAT did not keep the port (${local} became ${seen.port}): it allocates ports, as a symmetric NAT does, so packets toward a new destination may leave from yet another port`;
}

/** Decides the reason from what was observed. */
export function diagnose(o: Observed, stopped = false): FailReason {
  if (stopped) return { code: 'stopped', text: 'stopped before the punch finished' };
  const server = formatEndpoint(o.server);
  if (o.self === undefined) {
    return {
      code: 'server-unreachable',
      text: `no answer from the rendezvous server ${server} after ${o.registerSends} registers: it is not running there, or UDP to it is blocked`,
    };
  }
  if (o.peerSeen === undefined) {
    return {
      code: 'peer-absent',
      text: `${o.peer} did not register with ${server} within ${secs(o.waitedMs)} (start \`punch --name ${o.peer} --peer ${o.name}\` on the other machine)`,
    };
  }
  const seen = o.peerSeen.endpoint;
  const elsewhere = o.peerSources.find((s) => !sameEndpoint(s, seen));
  if (elsewhere) {
    return {
      code: 'peer-port-changed',
      text:
        `${o.peer}'s packets came from ${formatEndpoint(elsewhere)}, not ${formatEndpoint(seen)} where the server saw ${o.peer}: ` +
        `${o.peer}'s NAT gives each destination its own port (endpoint-dependent mapping: a symmetric NAT), ` +
        `or its router moved the flow to another port (a Linux conntrack clash); our answers to ${formatEndpoint(seen)} are filtered there`,
    };
  }
  const facts = [
    portFact(`${o.peer}'s`, o.peerSeen.localPort, seen),
    portFact('our', o.localPort, o.self),
  ].filter((f): f is string => f !== undefined);
  if (o.peerSources.length > 0 && !o.peerHeardUs) {
    return {
      code: 'one-way',
      text:
        `${o.peer}'s packets reach us but ours never reached ${o.peer} in ${secs(o.waitedMs)}: ` +
        (facts.length > 0
          ? `${facts.join('; ')}; `
          : `our packets toward ${o.peer} left from another port than the server saw (endpoint-dependent mapping, or a conntrack clash on our router), `) +
        `and ${o.peer}'s NAT admits only the endpoint it punched toward (filtered)`,
    };
  }
  const why =
    facts.length > 0
      ? `${facts.join('; ')}; the other NAT admits only the endpoint its host sent to (address-and-port-dependent filtering), so every punch was filtered`
      : 'both NATs kept their ports, yet every punch was filtered: a router whose INPUT chain accepted the early punch kept a conntrack entry for it and moved the reply to another port (the Linux conntrack clash of the linux-clash scenario; `iptables -A INPUT -i wan0 -m conntrack --ctstate NEW -j DROP` avoids it), or a firewall blocks UDP between the peers';
  return {
    code: 'no-reply',
    text: `no packet from ${o.peer} (at ${formatEndpoint(seen)}) after ${o.punchSends} punches in ${secs(o.waitedMs)}: ${why}`,
  };
}
