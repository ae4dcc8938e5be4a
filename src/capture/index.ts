/**
 * A capture file read for the lab: the container (pcap or pcapng), each machine's frames on the
 * Server's clock when it holds several machines' (machine-clocks.ts), its UDP datagrams, the same
 * datagram's sightings joined into crossings, the roles of its addresses (the namespace lab's
 * own, or inferred), each packet's trip through the NATs and a guess of each NAT's type.
 * Pure: bytes in, data out; throws CaptureError on a file it cannot read.
 */
import type { AddressBook } from './book.ts';
import { NAMESPACE_BOOK, looksLikeNamespaceLab, swapPeers } from './book.ts';
import type { CaptureFile } from './container.ts';
import { crossingsOf } from './crossings.ts';
import type { Crossing } from './crossings.ts';
import { CaptureError } from './errors.ts';
import { inferBook } from './infer-book.ts';
import { journeysOf } from './journeys.ts';
import type { Journey } from './journeys.ts';
import { alignInterfaces } from './machine-clocks.ts';
import type { InterfaceClock } from './machine-clocks.ts';
import { guessNat } from './nat-guess.ts';
import type { NatGuess } from './nat-guess.ts';
import { observe } from './observe.ts';
import { machineAddresses } from './own-addresses.ts';
import type { Observed } from './observe.ts';
import { readCapture } from './read.ts';

export type { AddressBook, CaptureHost, CaptureRouter, Site } from './book.ts';
export { NAMESPACE_BOOK, roleOf, swapPeers } from './book.ts';
export type { CaptureFile, CaptureInterface, CapturedFrame } from './container.ts';
export type { Crossing } from './crossings.ts';
export { CaptureError, MAX_CAPTURE_BYTES } from './errors.ts';
export type { CaptureErrorCode } from './errors.ts';
export type { Journey, JourneyEnd, Rewrite } from './journeys.ts';
export type { InterfaceClock } from './machine-clocks.ts';
export { LINKTYPE, udpOfFrame, unreachableOfFrame } from './link.ts';
export type { NatGuess, NatGuessPreset } from './nat-guess.ts';
export type { Observation } from './observe.ts';
export { readCapture } from './read.ts';
export { sniffCapture } from './sniff.ts';
export { REASON_EN, fillReason, reasonText } from './reasons.ts';
export type { Reason, ReasonKind } from './reasons.ts';

/** Everything read from one capture. */
export interface CaptureAnalysis {
  /** The capture as matched: each machine's frames on the Server's clock unless kept. */
  readonly capture: CaptureFile;
  /** Each peer machine's clock against the Server's (none when the file is one machine's). */
  readonly clocks: readonly InterfaceClock[];
  readonly observed: Observed;
  readonly crossings: readonly Crossing[];
  readonly book: AddressBook;
  readonly journeys: readonly Journey[];
  readonly nat: { readonly 'alice-nat': NatGuess; readonly 'bob-nat': NatGuess };
}

/** How to read the roles. */
export interface AnalyseOptions {
  /** Exchange Alice and Bob (the user's correction of an inferred assignment). */
  readonly swap?: boolean;
  /** Keep each machine's recorded times (`capture merge --keep-clocks`): no clock correction. */
  readonly keepClocks?: boolean;
}

/** Reads `bytes` as a capture of a lab run. */
export function analyseCapture(bytes: Uint8Array, options: AnalyseOptions = {}): CaptureAnalysis {
  // One interface per machine (capture merge, mergecap): each peer on the Server's clock first,
  // as `capture merge` does (machine-clocks.ts), since sightings join only within a second.
  const { capture, clocks } = alignInterfaces(readCapture(bytes), options.keepClocks);
  const observed = observe(capture);
  if (observed.observations.length === 0) {
    throw new CaptureError(
      'no-udp',
      `none of its ${capture.frames.length} frames is an IPv4 UDP datagram`,
    );
  }
  // A first pass (any one endpoint rewritten) finds the roles; the second checks each rewrite
  // against them.
  const ips = [...new Set(observed.observations.flatMap((o) => [o.src.ip, o.dst.ip]))];
  // Interfaces named server/alice/bob (capture merge, --capture) say whose addresses are whose.
  const machines = machineAddresses(capture, observed.observations);
  let book = looksLikeNamespaceLab(ips)
    ? NAMESPACE_BOOK
    : inferBook(crossingsOf(observed.observations), machines);
  if (!book) {
    throw new CaptureError(
      'no-server',
      'no datagram goes to a server port (9000 or 3478) and no interface is named server, so no Server to match the topology by',
    );
  }
  if (options.swap) book = swapPeers(book);
  const crossings = crossingsOf(observed.observations, book);
  const journeys = journeysOf(book, crossings, observed.unreachables);
  return {
    capture,
    clocks,
    observed,
    crossings,
    book,
    journeys,
    nat: { 'alice-nat': guessNat('alice-nat', journeys), 'bob-nat': guessNat('bob-nat', journeys) },
  };
}
