/**
 * The vocabulary of a STUN NAT classifier: the probes it sends (where, with which CHANGE-REQUEST
 * flags), what it learns from each answer, and the plan interface that, given the answers so
 * far, picks the next probe or the verdict. Plans are pure; machines run them on a transport.
 */
import type { Endpoint } from '../endpoint.ts';
import type { StunAttribute } from './attributes.ts';
import { getAttribute } from './attributes.ts';
import type { StunMessage } from './message.ts';

/** One Binding request to send. */
export interface Probe {
  /** The test's name, e.g. "Test I" or "Filtering test II". */
  readonly label: string;
  readonly to: Endpoint;
  readonly changeIp: boolean;
  readonly changePort: boolean;
  /** RFC 3489 (16-byte transaction id, no magic cookie) or RFC 5389. */
  readonly classic: boolean;
}

/** What one Binding success response said. */
export interface ProbeAnswer {
  /** Where the answer came from (as seen by the client). */
  readonly from: Endpoint;
  /** XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS. */
  readonly mapped?: Endpoint | undefined;
  /** OTHER-ADDRESS, else CHANGED-ADDRESS. */
  readonly other?: Endpoint | undefined;
  /** RESPONSE-ORIGIN, else SOURCE-ADDRESS. */
  readonly origin?: Endpoint | undefined;
}

/** A probe and its answer, or null when every retransmission went unanswered. */
export interface ProbeRecord {
  readonly probe: Probe;
  readonly answer: ProbeAnswer | null;
}

/** What a plan knows besides the answers. */
export interface PlanContext {
  /** The server asked first. */
  readonly server: Endpoint;
  /** The client's local endpoint (to detect "no NAT"). */
  readonly local: Endpoint;
}

/**
 * The next probe, or the end with a verdict. `alongside` lists tests that may run concurrently
 * with it: independent of its outcome and of each other (none opens a filter or creates a mapping
 * another's answer depends on), so the plan may ask for them next and get the same answers as
 * when they run one at a time.
 */
export type PlanStep<V> =
  | { readonly kind: 'probe'; readonly probe: Probe; readonly alongside?: readonly Probe[] }
  | { readonly kind: 'done'; readonly verdict: V };

/** A classifier's decision logic. */
export interface ProbePlan<V> {
  readonly name: string;
  next(history: readonly ProbeRecord[], ctx: PlanContext): PlanStep<V>;
}

function ipv4(a: StunAttribute | undefined): Endpoint | undefined {
  if (!a || !('address' in a) || a.address.family !== 'ipv4') return undefined;
  return { ip: a.address.ip, port: a.address.port };
}

/** Reads a Binding success response into a ProbeAnswer. */
export function readAnswer(m: StunMessage, from: Endpoint): ProbeAnswer {
  return {
    from,
    mapped: ipv4(getAttribute(m, 'xor-mapped-address')) ?? ipv4(getAttribute(m, 'mapped-address')),
    other: ipv4(getAttribute(m, 'other-address')) ?? ipv4(getAttribute(m, 'changed-address')),
    origin: ipv4(getAttribute(m, 'response-origin')) ?? ipv4(getAttribute(m, 'source-address')),
  };
}

/** A Binding request probe with no CHANGE-REQUEST flags. */
export function plainProbe(label: string, to: Endpoint, classic: boolean): Probe {
  return { label, to, changeIp: false, changePort: false, classic };
}
