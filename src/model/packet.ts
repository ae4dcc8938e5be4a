/**
 * Immutable UDP packets with stable ids: a NAT rewrites addresses into a new packet object that
 * keeps the id, so a view can follow one packet across every hop and translation.
 */
import type { Endpoint } from './endpoint.ts';
import { formatEndpoint } from './endpoint.ts';

/** A UDP datagram in flight. Never mutated: translations create a copy with the same id. */
export interface Packet {
  /** Stable id, unique within one network run; survives NAT translation. */
  readonly id: number;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly payload: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Encodes text (for example nc's "toc\n") as a UDP payload. */
export function textPayload(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes a payload as UTF-8 text (invalid bytes become U+FFFD). */
export function payloadText(payload: Uint8Array): string {
  return decoder.decode(payload);
}

/** A copy of `p` with a new source endpoint (outbound translation). */
export function withSrc(p: Packet, src: Endpoint): Packet {
  return { id: p.id, src, dst: p.dst, payload: p.payload };
}

/** A copy of `p` with a new destination endpoint (inbound translation). */
export function withDst(p: Packet, dst: Endpoint): Packet {
  return { id: p.id, src: p.src, dst, payload: p.payload };
}

/** One-line description such as `#3 10.0.0.2:58888 -> 54.93.249.162:9000 (4 B)`. */
export function describePacket(p: Packet): string {
  return `#${p.id} ${formatEndpoint(p.src)} -> ${formatEndpoint(p.dst)} (${p.payload.length} B)`;
}
