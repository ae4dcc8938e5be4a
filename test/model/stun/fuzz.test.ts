// Property and fuzz tests over 100,000+ generated and mutated messages: valid messages round-trip
// exactly; mutated, truncated and random bytes never make the decoder throw, only return a
// typed error or a message that re-encodes to the very same bytes, with full annotations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesEqual,
  decodeMessage,
  encodeMessage,
  unwrap,
  verifyIntegrity,
} from '../../../src/model/stun/index.ts';
import type { DecodeOptions, StunErrorCode, StunResult } from '../../../src/model/stun/index.ts';
import type { DecodedMessage } from '../../../src/model/stun/index.ts';
import { canonical, garbage, messageInit, mutate, mutation } from './arbitraries.ts';
import { coverageProblems } from './coverage.ts';

const CODES = new Set<StunErrorCode>([
  'truncated',
  'not-stun',
  'bad-length',
  'attribute-overrun',
  'bad-padding',
  'bad-family',
  'bad-attribute',
  'bad-fingerprint',
  'after-fingerprint',
]);

/** Counts of what the fuzzer saw, so the test can show it reached every outcome. */
const seen = new Map<string, number>();
const count = (key: string): void => {
  seen.set(key, (seen.get(key) ?? 0) + 1);
};

/**
 * The contract for arbitrary input: no exception; an error has a known code, an offset inside
 * the input and a message; a success re-encodes to exactly the input (and, every `coverEvery`
 * messages, has annotations covering every byte once).
 */
function checkContract(bytes: Uint8Array, options: DecodeOptions, checkCoverage: boolean): void {
  let r: StunResult<DecodedMessage>;
  try {
    r = decodeMessage(bytes, options);
  } catch (e) {
    throw new Error(`decodeMessage threw on ${Array.from(bytes).join(',')}: ${String(e)}`);
  }
  if (!r.ok) {
    count(r.error.code);
    if (!CODES.has(r.error.code)) throw new Error(`unknown code ${r.error.code}`);
    if (!(r.error.offset >= 0 && r.error.offset <= bytes.length)) {
      throw new Error(`offset ${r.error.offset} outside 0-${bytes.length}`);
    }
    if (r.error.message.length === 0) throw new Error('empty message');
    return;
  }
  count('ok');
  const again = encodeMessage(r.value.message);
  if (!again.ok) throw new Error(`decoded but cannot re-encode: ${again.error.message}`);
  if (!bytesEqual(again.value, bytes))
    throw new Error(`re-encoding differs for ${Array.from(bytes).join(',')}`);
  if (checkCoverage) {
    const problems = coverageProblems(bytes, r.value.annotations);
    if (problems.length > 0) throw new Error(problems.join('; '));
  }
}

describe('STUN codec properties (fast-check)', () => {
  it('valid messages: encode, decode to the same message, verify, re-encode identically (25,000)', () => {
    let runs = 0;
    fc.assert(
      fc.property(messageInit, (init) => {
        const bytes = unwrap(encodeMessage(init));
        const d = unwrap(decodeMessage(bytes));
        const attributes = init.attributes ?? [];
        const expected = {
          class: init.class,
          method: init.method,
          transactionId: init.transactionId,
          classic: init.transactionId.length === 16,
          attributes,
          extra: [
            ...(init.integrity ? ['message-integrity'] : []),
            ...(init.fingerprint ? ['fingerprint'] : []),
          ],
          fingerprint: init.fingerprint ? 'valid' : 'absent',
          integrity: init.integrity !== undefined,
        };
        const actual = {
          class: d.message.class,
          method: d.message.method,
          transactionId: d.message.transactionId,
          classic: d.classic,
          attributes: d.message.attributes.slice(0, attributes.length),
          extra: d.message.attributes.slice(attributes.length).map((a) => a.kind),
          fingerprint: d.fingerprint,
          integrity: init.integrity !== undefined && verifyIntegrity(d, init.integrity.key),
        };
        // A canonical text comparison: much faster than a deep toEqual over 30,000 runs.
        if (canonical(actual) !== canonical(expected)) expect(actual).toEqual(expected);
        if (!bytesEqual(unwrap(encodeMessage(d.message)), bytes))
          throw new Error('re-encoding differs');
        if (runs++ % 10 === 0) expect(coverageProblems(bytes, d.annotations)).toEqual([]);
      }),
      { numRuns: 25_000 },
    );
  });

  it('mutated and truncated messages: typed error or exact round trip (60,000)', () => {
    let runs = 0;
    fc.assert(
      fc.property(
        messageInit,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<DecodeOptions>({}, { fingerprint: 'flag' }, { padding: 'reject' }),
        fc.boolean(),
        (init, mutations, options, fixLength) => {
          // Half the time the Message Length is made to fit again, to get past the framing.
          const edits = fixLength ? [...mutations, { op: 'fix-length' as const }] : mutations;
          const bytes = mutate(unwrap(encodeMessage(init)), edits);
          checkContract(bytes, options, runs++ % 10 === 0);
        },
      ),
      { numRuns: 60_000 },
    );
  });

  it('garbage, raw and with a plausible header: typed error or exact round trip (25,000)', () => {
    let runs = 0;
    fc.assert(
      fc.property(
        garbage,
        fc.constantFrom<DecodeOptions>({}, { fingerprint: 'flag' }),
        (bytes, options) => {
          checkContract(bytes, options, runs++ % 10 === 0);
        },
      ),
      { numRuns: 25_000 },
    );
  });

  it('reached every decoder outcome', () => {
    // Sanity check on the fuzzers themselves: each error code and success occurred.
    for (const code of [...CODES, 'ok']) expect(seen.get(code) ?? 0, code).toBeGreaterThan(0);
  });
});
