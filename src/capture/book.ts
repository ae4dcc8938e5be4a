/**
 * Who is who in a capture: the Server's addresses and, for Alice and Bob, the private address
 * of the host (its LAN side) and the public one of its NAT (WAN side). A capture of the
 * namespace lab uses its documentation addresses, which map directly (NAMESPACE_BOOK); any
 * other capture is read by `inferBook` (infer-book.ts).
 */

import { reason } from './reasons.ts';
import type { Reason } from './reasons.ts';

/** A node of the walkthrough topology a capture's addresses belong to. */
export type CaptureHost = 'server' | 'alice' | 'bob';
/** The NAT router of each peer. */
export const ROUTER_OF = { alice: 'alice-nat', bob: 'bob-nat' } as const;
export type CaptureRouter = (typeof ROUTER_OF)[keyof typeof ROUTER_OF];

/** One peer's addresses: the host's own (LAN side) and its NAT's public ones (WAN side). */
export interface Site {
  readonly host: 'alice' | 'bob';
  readonly lan: readonly string[];
  readonly wan: readonly string[];
}

/** How each address was recognised. */
export type BookSource = 'namespace-lab' | 'inferred';

/** The roles of a capture's addresses. */
export interface AddressBook {
  readonly source: BookSource;
  /** The Server's addresses (the primary first). */
  readonly server: readonly string[];
  readonly alice: Site;
  readonly bob: Site;
  /** Why each role was given (for the user to check). */
  readonly reasons: readonly Reason[];
}

/** What an address is in a book. */
export type AddressRole =
  | { readonly kind: 'host'; readonly node: CaptureHost }
  | { readonly kind: 'wan'; readonly router: CaptureRouter; readonly host: 'alice' | 'bob' };

/**
 * The namespace lab's addresses (lab/netns/plan.ts ADDRESSES; a test checks they agree), the
 * segment each capture interface is, by name.
 */
export const NAMESPACE_BOOK: AddressBook = {
  source: 'namespace-lab',
  server: ['203.0.113.162', '203.0.113.163'],
  alice: { host: 'alice', lan: ['192.168.1.10'], wan: ['192.0.2.113'] },
  bob: { host: 'bob', lan: ['192.168.2.20'], wan: ['198.51.100.24'] },
  reasons: [reason('namespace-lab')],
};

/** What `ip` is in `book`, if anything. */
export function roleOf(book: AddressBook, ip: string): AddressRole | undefined {
  if (book.server.includes(ip)) return { kind: 'host', node: 'server' };
  for (const site of [book.alice, book.bob]) {
    if (site.lan.includes(ip)) return { kind: 'host', node: site.host };
    if (site.wan.includes(ip))
      return { kind: 'wan', router: ROUTER_OF[site.host], host: site.host };
  }
  return undefined;
}

/** The same book with Alice and Bob's roles exchanged (the user's correction). */
export function swapPeers(book: AddressBook): AddressBook {
  return {
    ...book,
    alice: { ...book.bob, host: 'alice' },
    bob: { ...book.alice, host: 'bob' },
    reasons: [...book.reasons, reason('swapped')],
  };
}

/** True when most addresses of `ips` are the namespace lab's. */
export function looksLikeNamespaceLab(ips: readonly string[]): boolean {
  const known = ips.filter((ip) => roleOf(NAMESPACE_BOOK, ip) !== undefined).length;
  return ips.length > 0 && known * 2 >= ips.length;
}
