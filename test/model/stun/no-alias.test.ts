// Decoding neither mutates nor aliases its input, whatever Uint8Array it is given: a Node Buffer
// (whose slice is a view), a subarray view with a nonzero byteOffset, or a plain Uint8Array.
// Property-tested over generated messages (and over mutated ones, which decode partly).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, unwrap } from '../../../src/model/stun/index.ts';
import { parseMessage } from '../../../src/model/stun/decode.ts';
import { canonical, messageInit, mutate, mutation } from './arbitraries.ts';

/** The same bytes as `bytes`, presented as `kind`. */
function present(bytes: Uint8Array, kind: 'plain' | 'buffer' | 'view'): Uint8Array {
  if (kind === 'plain') return Uint8Array.from(bytes);
  if (kind === 'buffer') return Buffer.from(bytes);
  const backing = new Uint8Array(bytes.length + 13).fill(0xee);
  backing.set(bytes, 7);
  return backing.subarray(7, 7 + bytes.length);
}

const KINDS = ['plain', 'buffer', 'view'] as const;
const DECODERS = {
  decodeMessage: (b: Uint8Array) => {
    const r = decodeMessage(b);
    return r.ok ? { message: r.value.message, bytes: r.value.bytes } : r.error;
  },
  parseMessage: (b: Uint8Array) => {
    const r = parseMessage(b);
    return r.ok ? { message: r.value.message, bytes: r.value.bytes } : r.error;
  },
};

describe.each(Object.entries(DECODERS))('%s on any Uint8Array', (_name, decode) => {
  it.each(KINDS)(
    'as %s: input unchanged, and later writes to it change nothing decoded',
    (kind) => {
      fc.assert(
        fc.property(
          messageInit,
          fc.array(mutation, { maxLength: 2 }),
          fc.integer({ min: 0, max: 255 }),
          (init, mutations, fill) => {
            const original = mutate(unwrap(encodeMessage(init)), mutations);
            const input = present(original, kind);
            const decoded = decode(input);
            expect(Array.from(input)).toEqual(Array.from(original));
            const before = canonical(decoded);
            input.fill(fill);
            expect(canonical(decoded)).toBe(before);
          },
        ),
        { numRuns: 1_500 },
      );
    },
  );
});

describe('the reported case', () => {
  it('an XOR-MAPPED-ADDRESS in a Buffer: the address bytes and transaction id stay as sent', () => {
    const bytes = unwrap(
      encodeMessage({
        class: 'success',
        method: 1,
        transactionId: new Uint8Array(12).fill(9),
        attributes: [
          {
            kind: 'xor-mapped-address',
            address: { family: 'ipv4', ip: '192.0.2.1', port: 4000 },
          },
        ],
      }),
    );
    const buffer = Buffer.from(bytes);
    const d = unwrap(decodeMessage(buffer));
    expect(Buffer.compare(buffer, Buffer.from(bytes))).toBe(0);
    buffer.fill(0xff);
    expect(d.message.transactionId).toEqual(new Uint8Array(12).fill(9));
    expect(d.message.attributes[0]).toMatchObject({ address: { ip: '192.0.2.1', port: 4000 } });
  });
});
