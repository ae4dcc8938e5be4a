/**
 * Address attribute values (RFC 8489 §14.1, §14.2; RFC 3489 §11.2.1): reserved byte, family,
 * port and address, plain or XORed with the 16 bytes that follow the Message Length.
 *
 * ```
 *  0        8        16               31
 *  +--------+--------+----------------+
 *  |reserved| family |  (X-)Port      |      family 0x01: 4-byte address
 *  +--------+--------+----------------+      family 0x02: 16-byte address
 *  |        (X-)Address ...           |
 * ```
 * XOR-MAPPED-ADDRESS XORs the port with the cookie's top 16 bits and the address with the magic
 * cookie (IPv4) or cookie + transaction id (IPv6): together, bytes 4-19 of the header. In an
 * RFC 3489 message those bytes are the 16-byte transaction id, and the same rule applies (as
 * the 0x8020 XOR-MAPPED-ADDRESS of Vovida's stund did).
 */
import type { Annotation } from './annotation.ts';
import { annotate } from './annotation.ts';
import type { AddressAttribute, AddressAttributeKind, StunAddress } from './attributes.ts';
import { readU16 } from './bytes.ts';
import { formatAddress } from './describe.ts';
import { bytesToIpv4, bytesToIpv6, ipv4ToBytes, ipv6ToBytes } from './ip.ts';
import type { StunResult } from './result.ts';
import { fail, ok } from './result.ts';

/** Where an attribute value sits in the message being decoded, and what it may need. */
export interface ValueContext {
  /** The whole message. */
  readonly bytes: Uint8Array;
  /** Offset of the value's first byte. */
  readonly offset: number;
  /** Value length (without padding). */
  readonly length: number;
  /** Header bytes 4-19 (magic cookie + transaction id, or the classic transaction id). */
  readonly xorKey: Uint8Array;
  /** The section that defines the attribute, for the value's sub-fields. */
  readonly rfc: string;
  /** False for the lean decode: the typed value only, no sub-field annotations or texts. */
  readonly annotate?: boolean;
}

const FAMILY_CODE = { ipv4: 0x01, ipv6: 0x02 } as const;
const ADDRESS_LENGTH = { ipv4: 4, ipv6: 16 } as const;

/** Decodes an address attribute value, with annotations for its four sub-fields. */
export function decodeAddressValue(
  kind: AddressAttributeKind,
  ctx: ValueContext,
): StunResult<{ attribute: AddressAttribute; children: Annotation[] }> {
  const { bytes, offset, length, xorKey, rfc } = ctx;
  if (length < 4) {
    return fail('bad-attribute', offset, `an address value needs at least 4 bytes, got ${length}`);
  }
  const familyCode = bytes[offset + 1] as number;
  const family = familyCode === 1 ? 'ipv4' : familyCode === 2 ? 'ipv6' : undefined;
  if (!family) {
    return fail(
      'bad-family',
      offset + 1,
      `address family 0x${familyCode.toString(16).padStart(2, '0')} is neither 0x01 (IPv4) nor 0x02 (IPv6)`,
    );
  }
  const ipLength = ADDRESS_LENGTH[family];
  if (length !== 4 + ipLength) {
    return fail(
      'bad-attribute',
      offset,
      `an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address value is ${4 + ipLength} bytes, got ${length}`,
    );
  }
  const xor = kind === 'xor-mapped-address';
  const wirePort = readU16(bytes, offset + 2);
  const port = xor ? wirePort ^ readU16(xorKey, 0) : wirePort;
  // A fresh array, XORed as it is filled: the input is never written to.
  const ipBytes = new Uint8Array(ipLength);
  for (let i = 0; i < ipLength; i++) {
    ipBytes[i] = (bytes[offset + 4 + i] as number) ^ (xor ? (xorKey[i] as number) : 0);
  }
  const ip = family === 'ipv4' ? bytesToIpv4(ipBytes) : bytesToIpv6(ipBytes);
  const reserved = bytes[offset] as number;
  const address: StunAddress = { family, ip, port };
  const attribute: AddressAttribute =
    reserved === 0 ? { kind, address } : { kind, address, reserved };
  if (ctx.annotate === false) return ok({ attribute, children: [] });
  const children = [
    annotate(bytes, offset, 1, {
      label: 'Reserved',
      value: reserved,
      text: String(reserved),
      rfc,
      ...(reserved === 0 ? {} : { note: 'should be zero; receivers ignore it' }),
    }),
    annotate(bytes, offset + 1, 1, {
      label: 'Family',
      value: familyCode,
      text: family === 'ipv4' ? 'IPv4 (0x01)' : 'IPv6 (0x02)',
      rfc,
    }),
    annotate(bytes, offset + 2, 2, {
      label: xor ? 'X-Port' : 'Port',
      value: port,
      text: xor
        ? `${port} (0x${wirePort.toString(16).padStart(4, '0')} XOR 0x${readU16(xorKey, 0).toString(16).padStart(4, '0')})`
        : String(port),
      rfc,
    }),
    annotate(bytes, offset + 4, ipLength, {
      label: xor ? 'X-Address' : 'Address',
      value: ip,
      text: xor
        ? `${ip} (XOR ${ipLength === 4 ? 'magic cookie' : 'magic cookie + transaction id'})`
        : ip,
      rfc,
    }),
  ];
  return ok({ attribute, children });
}

/** Encodes an address attribute value; `offset` is only used to place errors. */
export function encodeAddressValue(
  attribute: AddressAttribute,
  xorKey: Uint8Array,
  offset: number,
): StunResult<Uint8Array> {
  const { address, reserved = 0 } = attribute;
  const ipBytes =
    address.family === 'ipv4'
      ? ipv4ToBytes(address.ip)
      : address.family === 'ipv6'
        ? ipv6ToBytes(address.ip)
        : undefined;
  if (!ipBytes) {
    return fail('bad-input', offset, `not an ${address.family} address: "${address.ip}"`);
  }
  if (!Number.isInteger(address.port) || address.port < 0 || address.port > 0xffff) {
    return fail(
      'bad-input',
      offset,
      `port ${address.port} of ${formatAddress(address)} is not 0-65535`,
    );
  }
  if (!Number.isInteger(reserved) || reserved < 0 || reserved > 0xff) {
    return fail('bad-input', offset, `reserved byte ${reserved} is not 0-255`);
  }
  const xor = attribute.kind === 'xor-mapped-address';
  const out = new Uint8Array(4 + ipBytes.length);
  out[0] = reserved;
  out[1] = FAMILY_CODE[address.family];
  const port = xor ? address.port ^ readU16(xorKey, 0) : address.port;
  out[2] = port >>> 8;
  out[3] = port & 0xff;
  for (let i = 0; i < ipBytes.length; i++) {
    out[4 + i] = (ipBytes[i] as number) ^ (xor ? (xorKey[i] as number) : 0);
  }
  return ok(out);
}
