/**
 * What the STUN server promises about cost and size: the largest datagram it reads, the most
 * attributes it decodes, how much larger than its request an answer may be, and the SOFTWARE
 * text an operator may configure (RFC 8489 §14.14), checked before the server starts.
 */
import { utf8Encode } from './text.ts';

/** The server's bounds; answerStun enforces them and the README states them. */
export const STUN_SERVER_LIMITS = {
  /**
   * Larger datagrams are ignored unread. Leaves room for a PADDING of a 1500-byte MTU, which
   * RFC 5780 §7.6 asks clients to send, and for any ordinary request.
   */
  maxRequestBytes: 2048,
  /** Requests with more attributes are ignored; a real Binding request has under a dozen. */
  maxAttributes: 32,
  /**
   * An answer is at most its request's size plus this, plus the SOFTWARE attribute when one is
   * configured: the four address attributes of an RFC 5780 answer (4 x 12 bytes).
   */
  maxGrowthBytes: 48,
  /** SOFTWARE: "fewer than 128 characters" (RFC 8489 §14.14). */
  maxSoftwareCharacters: 127,
  /** SOFTWARE: at most 763 bytes of UTF-8 (RFC 8489 §14.14). */
  maxSoftwareBytes: 763,
} as const;

/** The largest UDP payload an IPv4 datagram can carry: 65,535 - 20 (IP) - 8 (UDP). */
export const MAX_UDP_PAYLOAD = 65_507;

/** Bytes a SOFTWARE attribute holding `text` takes: 4-byte header, value padded to 4. */
export function softwareAttributeBytes(text: string | undefined): number {
  if (text === undefined) return 0;
  return 4 + ((utf8Encode(text).length + 3) & ~3);
}

/**
 * Why `text` cannot be the server's SOFTWARE, as a sentence naming the limit it breaks, or
 * undefined when it can: fewer than 128 characters and at most 763 UTF-8 bytes (RFC 8489
 * §14.14), and small enough that the largest answer still fits one UDP datagram.
 */
export function softwareProblem(text: string): string | undefined {
  const characters = [...text].length;
  const { maxSoftwareCharacters, maxSoftwareBytes } = STUN_SERVER_LIMITS;
  if (characters > maxSoftwareCharacters) {
    return `${characters.toLocaleString('en-US')} characters; RFC 8489 §14.14 allows fewer than ${maxSoftwareCharacters + 1}`;
  }
  const bytes = utf8Encode(text).length;
  if (bytes > maxSoftwareBytes) {
    return `${bytes.toLocaleString('en-US')} bytes of UTF-8; RFC 8489 §14.14 allows at most ${maxSoftwareBytes}`;
  }
  if (largestAnswerBytes(text) > MAX_UDP_PAYLOAD) {
    return `the largest answer would be ${largestAnswerBytes(text)} bytes, over one UDP datagram`;
  }
  return undefined;
}

/** The largest answer the server can send with this SOFTWARE (to the largest request). */
export function largestAnswerBytes(software: string | undefined): number {
  const { maxRequestBytes, maxGrowthBytes } = STUN_SERVER_LIMITS;
  return maxRequestBytes + maxGrowthBytes + softwareAttributeBytes(software);
}
