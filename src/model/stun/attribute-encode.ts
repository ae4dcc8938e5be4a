/**
 * Encoding one typed attribute into its value bytes (no type, length or padding: the message
 * encoder frames it), checking every field so that bad input is an error, not bad bytes.
 */
import { encodeAddressValue } from './address.ts';
import type { StunAttribute } from './attributes.ts';
import { writeU16, writeU32 } from './bytes.ts';
import type { StunResult } from './result.ts';
import { fail, ok } from './result.ts';
import { utf8Encode } from './text.ts';

const isU32 = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;

/**
 * Encodes the value of `attribute`. `xorKey` is header bytes 4-19 (for XOR-MAPPED-ADDRESS);
 * `offset` is where the attribute will start in the output, used only to place errors.
 */
export function encodeAttributeValue(
  attribute: StunAttribute,
  xorKey: Uint8Array,
  offset: number,
): StunResult<Uint8Array> {
  switch (attribute.kind) {
    case 'mapped-address':
    case 'xor-mapped-address':
    case 'response-address':
    case 'changed-address':
    case 'source-address':
    case 'reflected-from':
    case 'response-origin':
    case 'other-address':
    case 'alternate-server':
      return encodeAddressValue(attribute, xorKey, offset);
    case 'username':
    case 'realm':
    case 'nonce':
    case 'software':
      return ok(utf8Encode(attribute.value));
    case 'change-request': {
      const reserved = attribute.reserved ?? 0;
      if (!isU32(reserved) || (reserved & 6) !== 0) {
        return fail(
          'bad-input',
          offset,
          `CHANGE-REQUEST reserved bits ${reserved} overlap the flags or exceed 32 bits`,
        );
      }
      const out = new Uint8Array(4);
      writeU32(
        out,
        0,
        (reserved | (attribute.changeIp ? 4 : 0) | (attribute.changePort ? 2 : 0)) >>> 0,
      );
      return ok(out);
    }
    case 'error-code': {
      const { code, reserved = 0 } = attribute;
      if (!Number.isInteger(code) || code < 0 || code > 799) {
        return fail('bad-input', offset, `error code ${code} is not 0-799 (RFC 8489 uses 300-699)`);
      }
      if (!Number.isInteger(reserved) || reserved < 0 || reserved >= 1 << 21) {
        return fail('bad-input', offset, `ERROR-CODE reserved bits ${reserved} exceed 21 bits`);
      }
      const reason = utf8Encode(attribute.reason);
      const out = new Uint8Array(4 + reason.length);
      writeU32(out, 0, ((reserved << 11) | (Math.floor(code / 100) << 8) | (code % 100)) >>> 0);
      out.set(reason, 4);
      return ok(out);
    }
    case 'unknown-attributes': {
      const out = new Uint8Array(2 * attribute.types.length);
      for (const [i, t] of attribute.types.entries()) {
        if (!Number.isInteger(t) || t < 0 || t > 0xffff) {
          return fail(
            'bad-input',
            offset,
            `attribute type ${t} in UNKNOWN-ATTRIBUTES is not 16 bits`,
          );
        }
        writeU16(out, 2 * i, t);
      }
      return ok(out);
    }
    case 'message-integrity':
      if (attribute.hmac.length !== 20) {
        return fail(
          'bad-input',
          offset,
          `MESSAGE-INTEGRITY holds 20 bytes, got ${attribute.hmac.length}`,
        );
      }
      return ok(attribute.hmac.slice());
    case 'fingerprint':
    case 'priority': {
      const n = attribute.kind === 'fingerprint' ? attribute.value : attribute.priority;
      if (!isU32(n))
        return fail('bad-input', offset, `${attribute.kind} ${n} is not an unsigned 32-bit number`);
      const out = new Uint8Array(4);
      writeU32(out, 0, n);
      return ok(out);
    }
    case 'use-candidate':
      return ok(new Uint8Array(0));
    case 'ice-controlled':
    case 'ice-controlling': {
      const t = attribute.tieBreaker;
      if (typeof t !== 'bigint' || t < 0n || t >= 1n << 64n) {
        return fail(
          'bad-input',
          offset,
          `tie-breaker ${String(t)} is not an unsigned 64-bit number`,
        );
      }
      const out = new Uint8Array(8);
      writeU32(out, 0, Number(t >> 32n));
      writeU32(out, 4, Number(t & 0xffffffffn));
      return ok(out);
    }
    case 'unknown':
      if (!Number.isInteger(attribute.type) || attribute.type < 0 || attribute.type > 0xffff) {
        return fail('bad-input', offset, `attribute type ${attribute.type} is not 16 bits`);
      }
      return ok(attribute.value.slice());
  }
}
