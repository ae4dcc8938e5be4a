/**
 * The observation record both adapters produce for one case: every datagram's fate (delivered,
 * dropped and where, skipped), the source its receiver saw, and each router's conntrack table as
 * tuples, at the end and at snapshot steps. Raw endpoints here; compare.ts normalises them.
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import type { ConntrackEntry } from '../netns/conntrack.ts';
import type { RouterId } from './case.ts';

/** Where a datagram ended: delivered to a socket, dropped at a node, or never sent. */
export type Fate =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'dropped'; readonly at: string }
  | { readonly kind: 'skipped'; readonly why: string };

/** One datagram as an adapter saw it. */
export interface RawDatagram {
  readonly id: string;
  /** The sending socket (socketKey). */
  readonly from: string;
  /** Where it was sent (undefined when skipped). */
  readonly to?: Endpoint;
  readonly fate: Fate;
  /** The source address and port the receiver saw (delivered only). */
  readonly seenAs?: Endpoint;
  /** The local endpoint of the receiving socket (delivered only). */
  readonly deliveredTo?: Endpoint;
}

/** One conntrack entry: both tuples and whether a reply was seen. */
export interface RawFlow {
  readonly original: { readonly src: Endpoint; readonly dst: Endpoint };
  readonly reply: { readonly src: Endpoint; readonly dst: Endpoint };
  readonly unreplied: boolean;
}

/** A conntrack entry as `conntrack -L` listed it, as a RawFlow. */
export function rawFlow(e: ConntrackEntry): RawFlow {
  return {
    original: {
      src: { ip: e.original.src, port: e.original.sport },
      dst: { ip: e.original.dst, port: e.original.dport },
    },
    reply: {
      src: { ip: e.reply.src, port: e.reply.sport },
      dst: { ip: e.reply.dst, port: e.reply.dport },
    },
    unreplied: e.unreplied,
  };
}

/** Each router's flows at one moment. */
export type RawTables = Readonly<Partial<Record<RouterId, readonly RawFlow[]>>>;

/** What one adapter observed running one case. */
export interface RawObservation {
  readonly datagrams: readonly RawDatagram[];
  /** Conntrack at snapshot steps, in order, then at the end (label `end`). */
  readonly tables: readonly { readonly label: string; readonly flows: RawTables }[];
  /** A STUN case's verdicts, one per tool (lab/verify/stun.ts). */
  readonly verdicts?: Readonly<Record<string, string>>;
  /** Adapter notes shown beside a disagreement (e.g. what a router ran). */
  readonly notes?: readonly string[];
}

/** A fate as one word: `delivered`, `dropped@bob-nat`, `skipped`. */
export function fateText(f: Fate): string {
  switch (f.kind) {
    case 'delivered':
      return 'delivered';
    case 'dropped':
      return `dropped@${f.at}`;
    case 'skipped':
      return 'skipped';
    default: {
      const never: never = f;
      return never;
    }
  }
}
