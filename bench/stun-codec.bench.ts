/**
 * STUN codec throughput: decode and encode operations per second of a typical RFC 5780-style
 * Binding success response (XOR-MAPPED-ADDRESS, MAPPED-ADDRESS, RESPONSE-ORIGIN, OTHER-ADDRESS,
 * SOFTWARE, FINGERPRINT), plus the same with a short-term MESSAGE-INTEGRITY. Prints nothing;
 * bench/run.ts reports what `run` returns.
 */
import {
  decodeMessage,
  encodeMessage,
  shortTermKey,
  unwrap,
  verifyIntegrity,
} from '../src/model/stun/index.ts';
import type { StunMessageInit } from '../src/model/stun/index.ts';

const RESPONSE: StunMessageInit = {
  class: 'success',
  method: 0x001,
  transactionId: new Uint8Array([
    0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae,
  ]),
  attributes: [
    { kind: 'xor-mapped-address', address: { family: 'ipv4', ip: '54.93.229.24', port: 58888 } },
    { kind: 'mapped-address', address: { family: 'ipv4', ip: '54.93.229.24', port: 58888 } },
    { kind: 'response-origin', address: { family: 'ipv4', ip: '54.93.249.162', port: 3478 } },
    { kind: 'other-address', address: { family: 'ipv4', ip: '54.93.249.163', port: 3479 } },
    { kind: 'software', value: 'agujero' },
  ],
  fingerprint: true,
};

const KEY = shortTermKey('VOkJxbRl1RmTxUk/WvJxBt');
const WITH_INTEGRITY: StunMessageInit = { ...RESPONSE, integrity: { key: KEY } };

/**
 * Operations per second of `op`: runs it in growing batches until a batch takes at least
 * `minMs`, then times `rounds` batches of that size and keeps the best (least disturbed) one.
 */
function opsPerSecond(op: () => void, minMs = 80, rounds = 7): number {
  let batch = 64;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) op();
    if (performance.now() - start >= minMs) break;
    batch *= 2;
  }
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) op();
    best = Math.min(best, performance.now() - start);
  }
  return Math.round((batch * 1000) / best);
}

/**
 * Measures the codec on the response above. Keys: "stun decode ops/s" (annotated decode with
 * the FINGERPRINT checked), "stun encode ops/s" (FINGERPRINT computed), "stun
 * decode+verify-integrity ops/s" and "stun encode+integrity ops/s" (the same with a
 * MESSAGE-INTEGRITY under a short-term key). Values are operations per second.
 */
export async function run(): Promise<Record<string, number>> {
  const plain = unwrap(encodeMessage(RESPONSE));
  const signed = unwrap(encodeMessage(WITH_INTEGRITY));
  let sink = 0;
  const results: Record<string, number> = {
    'stun decode ops/s': opsPerSecond(() => {
      sink += unwrap(decodeMessage(plain)).attributes.length;
    }),
    'stun encode ops/s': opsPerSecond(() => {
      sink += unwrap(encodeMessage(RESPONSE)).length;
    }),
    'stun decode+verify-integrity ops/s': opsPerSecond(() => {
      sink += verifyIntegrity(unwrap(decodeMessage(signed)), KEY) ? 1 : 0;
    }),
    'stun encode+integrity ops/s': opsPerSecond(() => {
      sink += unwrap(encodeMessage(WITH_INTEGRITY)).length;
    }),
  };
  if (sink === 0) throw new Error('benchmark did no work');
  return results;
}
