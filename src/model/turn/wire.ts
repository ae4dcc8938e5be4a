/**
 * TURN's messages on the STUN codec (RFC 8656): the attributes the codec keeps raw
 * (XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS, DATA, LIFETIME, REQUESTED-TRANSPORT) written and read
 * here, and the encode / parse pair the server and the client share.
 *
 *   XOR-PEER-ADDRESS / XOR-RELAYED-ADDRESS value (IPv4), RFC 8656 §18.3 and §18.5:
 *   0x00 | family 0x01 | port XOR 0x2112 | address XOR 0x2112A442
 */
import type { Endpoint } from '../endpoint.ts';
import type { StunAttribute } from '../stun/attributes.ts';
import { getAttribute } from '../stun/attributes.ts';
import { readU16, readU32, writeU16, writeU32 } from '../stun/bytes.ts';
import { parseMessage } from '../stun/decode.ts';
import { encodeMessage } from '../stun/encode.ts';
import { bytesToIpv4, ipv4ToBytes } from '../stun/ip.ts';
import type { StunClass, StunMessage } from '../stun/message.ts';
import { MAGIC_COOKIE, METHOD } from '../stun/message.ts';
import { rawAttribute } from '../stun/server-reply.ts';
import type { Rng } from '../rng.ts';

export { METHOD };

/** TURN attribute types (RFC 8656 §18). */
export const TURN_ATTRIBUTE = {
  LIFETIME: 0x000d,
  XOR_PEER_ADDRESS: 0x0012,
  DATA: 0x0013,
  XOR_RELAYED_ADDRESS: 0x0016,
  REQUESTED_TRANSPORT: 0x0019,
} as const;

/** The well-known TURN port (the same as STUN's). */
export const TURN_PORT = 3478;
/** Default allocation lifetime (RFC 8656 §3.2: 10 minutes). */
export const DEFAULT_LIFETIME_S = 600;
/** Permission lifetime (RFC 8656 §9: 300 s, not changeable). */
export const PERMISSION_LIFETIME_S = 300;
/** REQUESTED-TRANSPORT's protocol number for UDP. */
export const UDP = 17;

const raw = (type: number, value: Uint8Array): StunAttribute => ({ kind: 'unknown', type, value });

/** An XOR'ed IPv4 transport address attribute (XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS). */
export function xorAddress(type: number, e: Endpoint): StunAttribute {
  const out = new Uint8Array(8);
  out[1] = 0x01;
  writeU16(out, 2, e.port ^ (MAGIC_COOKIE >>> 16));
  const ip = ipv4ToBytes(e.ip) ?? new Uint8Array(4);
  writeU32(
    out,
    4,
    (((ip[0] ?? 0) << 24) | ((ip[1] ?? 0) << 16) | ((ip[2] ?? 0) << 8) | (ip[3] ?? 0)) ^
      MAGIC_COOKIE,
  );
  return raw(type, out);
}

/** Reads an XOR'ed IPv4 address attribute, if present and well formed. */
export function readXorAddress(m: StunMessage, type: number): Endpoint | undefined {
  const v = rawAttribute(m.attributes, type);
  if (!v || v.length !== 8 || v[1] !== 0x01) return undefined;
  const n = (readU32(v, 4) ^ MAGIC_COOKIE) >>> 0;
  const ip = bytesToIpv4(new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]));
  return { ip, port: readU16(v, 2) ^ (MAGIC_COOKIE >>> 16) };
}

/** A 32-bit number attribute (LIFETIME), or REQUESTED-TRANSPORT's protocol byte. */
export function u32Attribute(type: number, n: number): StunAttribute {
  const out = new Uint8Array(4);
  writeU32(out, 0, n);
  return raw(type, out);
}

/** REQUESTED-TRANSPORT for UDP: protocol 17 then three reserved bytes. */
export const requestedUdp = (): StunAttribute =>
  raw(TURN_ATTRIBUTE.REQUESTED_TRANSPORT, new Uint8Array([UDP, 0, 0, 0]));

/** DATA: the application bytes, as they are. */
export const dataAttribute = (bytes: Uint8Array): StunAttribute =>
  raw(TURN_ATTRIBUTE.DATA, new Uint8Array(bytes));

/** Reads a 32-bit attribute value. */
export function readU32Attribute(m: StunMessage, type: number): number | undefined {
  const v = rawAttribute(m.attributes, type);
  return v && v.length === 4 ? readU32(v, 0) : undefined;
}

/** The DATA attribute's bytes. */
export const readData = (m: StunMessage): Uint8Array | undefined =>
  rawAttribute(m.attributes, TURN_ATTRIBUTE.DATA);

/** The ERROR-CODE of an error response, as "437 Allocation Mismatch". */
export function errorText(m: StunMessage): string {
  const e = getAttribute(m, 'error-code');
  return e ? `${e.code} ${e.reason}` : 'error without ERROR-CODE';
}

/** A fresh 12-byte transaction id from the run's generator. */
export function transactionId(rng: Rng): Uint8Array {
  return Uint8Array.from({ length: 12 }, () => rng.int(0, 255));
}

/** Encodes a TURN message; the inputs are built here, so encoding cannot fail. */
export function encodeTurn(
  cls: StunClass,
  method: number,
  id: Uint8Array,
  attributes: readonly StunAttribute[],
): Uint8Array {
  const r = encodeMessage({ class: cls, method, transactionId: id, attributes });
  if (!r.ok) throw new Error(`TURN encode: ${r.error.message}`);
  return r.value;
}

/** Parses an RFC 5389+ message (TURN needs the magic cookie), or undefined. */
export function parseTurn(bytes: Uint8Array): StunMessage | undefined {
  const r = parseMessage(bytes);
  return r.ok && !r.value.classic ? r.value.message : undefined;
}
