/**
 * What the peer machine is given, remembers and returns: its input (names, server, transport,
 * clock reading, timing), its context, the phases it reports, and the output it ends with.
 */
import type { Endpoint } from '../model/endpoint.ts';
import { formatEndpoint } from '../model/endpoint.ts';
import type { SeenPeer } from '../protocol/rendezvous.ts';
import type { FailReason, Observed } from './peer-reasons.ts';
import type { DatagramTransport } from './transport.ts';

/** Every schedule of the machine, in ms (counts where named so); each loop is bounded. */
export interface PeerTiming {
  /** First resend of an unanswered register; doubles, at most `registerTries` sends. */
  readonly registerRto: number;
  readonly registerTries: number;
  /** While the peer is not known: register again this often (holds the mapping, survives a lost push). */
  readonly reRegisterMs: number;
  /** Give up waiting for the server and the peer after this long. */
  readonly waitMs: number;
  /** Hold the first punch this long after learning the peer (the walkthrough's Bob answers late). */
  readonly delayMs: number;
  /** Gap after the first punch; doubles up to `punchMaxGap`. */
  readonly punchRto: number;
  readonly punchMaxGap: number;
  /** Give up punching this long after learning the peer. */
  readonly punchMs: number;
  /** Resend an unacknowledged chat line this often, at most `chatTries` times. */
  readonly chatRto: number;
  readonly chatTries: number;
  /** Stop waiting for the peer's chat line after this long. */
  readonly chatMs: number;
  /** A keepalive this often while connected (below Linux's 30 s UDP timeout). */
  readonly keepaliveMs: number;
  /** After both chat lines: stay this long to answer retransmissions. */
  readonly lingerMs: number;
  /** Hold the hole open with keepalives this long after the chat. */
  readonly holdMs: number;
}

/** Defaults for a lab or a simulation. */
export const DEFAULT_TIMING: PeerTiming = {
  registerRto: 250,
  registerTries: 8,
  reRegisterMs: 1_000,
  waitMs: 30_000,
  delayMs: 0,
  punchRto: 20,
  punchMaxGap: 500,
  punchMs: 10_000,
  chatRto: 200,
  chatTries: 10,
  chatMs: 5_000,
  keepaliveMs: 15_000,
  lingerMs: 500,
  holdMs: 0,
};

/** Phases the machine reports, in order. */
export type Phase =
  'registering' | 'waiting' | 'punching' | 'connected' | 'closing' | 'done' | 'failed';

/** One reported phase: when and what, in a sentence. */
export interface PeerPhase {
  readonly phase: Phase;
  readonly at: number;
  readonly text: string;
}

/** What the machine needs to start. */
export interface PeerInput {
  readonly name: string;
  readonly peer: string;
  readonly server: Endpoint;
  readonly transport: DatagramTransport;
  /** The chat line sent once connected (the walkthrough's "soy Bob"). */
  readonly message: string;
  /** The clock's reading in ms (virtual time in simulation). */
  readonly now: () => number;
  readonly timing?: Partial<PeerTiming>;
  /** Called with each phase as it is entered. */
  readonly onPhase?: (p: PeerPhase) => void;
}

/** What the machine remembers. */
export interface Context {
  readonly input: PeerInput;
  readonly startedAt: number;
  readonly self: Endpoint | undefined;
  readonly knownPeer: SeenPeer | undefined;
  readonly knownAt: number | undefined;
  readonly firstInAt: number | undefined;
  readonly lastInAt: number | undefined;
  readonly heardAt: number | undefined;
  readonly heardPeer: boolean;
  readonly peerSources: readonly Endpoint[];
  readonly received: number;
  readonly registerSends: number;
  readonly punchSends: number;
  readonly chatSends: number;
  readonly chatAcked: boolean;
  readonly chatIn: string | undefined;
  readonly keepalives: number;
  readonly phases: readonly PeerPhase[];
  readonly reason: FailReason | undefined;
}

/** Events: datagrams from the transport, and stop from the caller. */
export type PeerEvent =
  | { readonly type: 'datagram'; readonly bytes: Uint8Array; readonly from: Endpoint }
  | { readonly type: 'stop' };

/** How it ended, with every time measured from learning the peer. */
export interface PeerOutput {
  readonly ok: boolean;
  readonly reason: FailReason | undefined;
  readonly self: Endpoint | undefined;
  readonly peer: SeenPeer | undefined;
  /** Clock readings (absolute) of learning the peer, its first packet, its proof it heard us. */
  readonly knownAt: number | undefined;
  readonly firstInAt: number | undefined;
  readonly heardAt: number | undefined;
  /** The last packet from the peer's endpoint, and how many packets came from the peer. */
  readonly lastInAt: number | undefined;
  readonly received: number;
  /** ms from learning the peer to its first packet (inbound), and to its proof (outbound, a round trip at most). */
  readonly inboundMs: number | undefined;
  readonly outboundMs: number | undefined;
  readonly chatIn: string | undefined;
  readonly chatAcked: boolean;
  readonly punches: number;
  readonly keepalives: number;
  readonly phases: readonly PeerPhase[];
}

/** The timing with defaults filled in. */
export const timing = (c: Context): PeerTiming => ({ ...DEFAULT_TIMING, ...c.input.timing });

/** The context at start. */
export function initialContext(input: PeerInput): Context {
  return {
    input,
    startedAt: input.now(),
    self: undefined,
    knownPeer: undefined,
    knownAt: undefined,
    firstInAt: undefined,
    lastInAt: undefined,
    heardAt: undefined,
    heardPeer: false,
    peerSources: [],
    received: 0,
    registerSends: 0,
    punchSends: 0,
    chatSends: 0,
    chatAcked: false,
    chatIn: undefined,
    keepalives: 0,
    phases: [],
    reason: undefined,
  };
}

/** The sentence for entering `phase`. */
export function phaseText(c: Context, phase: Phase): string {
  const { name, peer, server } = c.input;
  const p = c.knownPeer;
  switch (phase) {
    case 'registering':
      return `registering as ${name} with ${formatEndpoint(server)}, asking for ${peer}`;
    case 'waiting':
      return `the server sees us at ${c.self ? formatEndpoint(c.self) : '?'}; waiting for ${peer} to register`;
    case 'punching':
      return `${peer} is at ${p ? formatEndpoint(p.endpoint) : '?'} (we are at ${c.self ? formatEndpoint(c.self) : '?'}); punching`;
    case 'connected':
      return `connected: ${peer} hears us and we hear ${peer}`;
    case 'closing':
      return c.chatIn === undefined ? `no chat line from ${peer}` : `${peer} says: ${c.chatIn}`;
    case 'done':
      return 'done';
    case 'failed':
      return `failed: ${c.reason?.text ?? 'stopped'}`;
  }
}

/** What the failure diagnosis needs. */
export function observed(c: Context): Observed {
  const since = c.knownAt ?? c.startedAt;
  return {
    name: c.input.name,
    peer: c.input.peer,
    server: c.input.server,
    localPort: c.input.transport.local.port,
    self: c.self,
    peerSeen: c.knownPeer,
    peerSources: c.peerSources,
    peerHeardUs: c.heardAt !== undefined,
    registerSends: c.registerSends,
    punchSends: c.punchSends,
    waitedMs: c.input.now() - since,
  };
}

const since = (t: number | undefined, t0: number | undefined): number | undefined =>
  t === undefined || t0 === undefined ? undefined : Math.max(0, t - t0);

/** The machine's output. */
export function output(c: Context): PeerOutput {
  return {
    ok: c.reason === undefined,
    reason: c.reason,
    self: c.self,
    peer: c.knownPeer,
    knownAt: c.knownAt,
    firstInAt: c.firstInAt,
    heardAt: c.heardAt,
    lastInAt: c.lastInAt,
    received: c.received,
    inboundMs: since(c.firstInAt, c.knownAt),
    outboundMs: since(c.heardAt, c.knownAt),
    chatIn: c.chatIn,
    chatAcked: c.chatAcked,
    punches: c.punchSends,
    keepalives: c.keepalives,
    phases: c.phases,
  };
}
