/**
 * What the server logic tests share: a server on documentation addresses (198.51.100.1 and .2,
 * ports 3478 and 3479), a client behind it, and a builder of requests (or other messages) with
 * a fixed transaction id so answers can be checked against it.
 *
 *                  3478 (P1)           3479 (P2)
 *  198.51.100.1    A1P1 (requests go here)
 *  198.51.100.2
 */
import { encodeMessage, unwrap } from '../../../src/model/stun/index.ts';
import type { StunAttribute, StunClass } from '../../../src/model/stun/index.ts';
import type { StunServerConfig } from '../../../src/model/stun/server.ts';

export const config: StunServerConfig = {
  primaryIp: '198.51.100.1',
  alternateIp: '198.51.100.2',
  primaryPort: 3478,
  alternatePort: 3479,
};

/** The primary address and port, where the tests' requests arrive. */
export const A1P1 = { ip: '198.51.100.1', port: 3478 };

/** The client's address as the server sees it. */
export const client = { ip: '203.0.113.7', port: 59999 };

/** How a test message differs from a plain RFC 5389 Binding request. */
export interface MessageShape {
  readonly cls?: StunClass;
  readonly method?: number;
  /** An RFC 3489 message: 16-byte transaction id, no magic cookie. */
  readonly classic?: boolean;
  readonly fingerprint?: boolean;
}

/** Encodes a message (by default a Binding request) whose transaction id is all 7s. */
export function message(attributes: StunAttribute[] = [], shape: MessageShape = {}): Uint8Array {
  const { cls = 'request', method = 1, classic = false, fingerprint = false } = shape;
  const transactionId = new Uint8Array(classic ? 16 : 12).fill(7);
  return unwrap(encodeMessage({ class: cls, method, transactionId, attributes, fingerprint }));
}

/** A raw attribute of `type` holding `bytes` (how RESPONSE-PORT and PADDING are built). */
export function raw(type: number, ...bytes: number[]): StunAttribute {
  return { kind: 'unknown', type, value: Uint8Array.from(bytes) };
}
