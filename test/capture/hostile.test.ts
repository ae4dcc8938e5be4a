/**
 * The capture reader on hostile input: every malformed file (truncated, oversized, lengths
 * that disagree or point past the end, a million blocks) is refused with a CaptureError naming
 * the problem, fast, and never anything else; random and mutated files (fast-check) too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CaptureError,
  MAX_CAPTURE_BYTES,
  analyseCapture,
  readCapture,
} from '../../src/capture/index.ts';
import type { CaptureErrorCode } from '../../src/capture/index.ts';
import { MAX_CAPTURE_PACKETS } from '../../src/capture/errors.ts';
import { exportScenario } from '../../src/app/pcapng-export.ts';

/** Little-endian u32s as bytes. */
function u32s(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint32(i * 4, x >>> 0, true));
  return out;
}
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};
/** A pcap file header (little-endian, microseconds, Ethernet). */
const PCAP = cat(u32s(0xa1b2c3d4), Uint8Array.of(2, 0, 4, 0), u32s(0, 0, 65535, 1));
/** A pcapng Section Header Block with no options, and an Ethernet IDB. */
const SHB = u32s(0x0a0d0d0a, 28, 0x1a2b3c4d, 1, 0xffffffff, 0xffffffff, 28);
const IDB = cat(u32s(1, 20), Uint8Array.of(1, 0, 0, 0), u32s(0, 20));
/** An EPB on interface `iface` with `frame`, lengths as given. */
function epb(iface: number, frame: Uint8Array, caplen = frame.length): Uint8Array {
  const padded = (frame.length + 3) & ~3;
  const total = 32 + padded;
  const body = new Uint8Array(padded);
  body.set(frame);
  return cat(u32s(6, total, iface, 0, 0, caplen, frame.length), body, u32s(total));
}

/** What readCapture throws for `bytes`, as its code. */
function refusal(bytes: Uint8Array): CaptureErrorCode | 'read' {
  try {
    readCapture(bytes);
    return 'read';
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    expect(e.message.length).toBeGreaterThan(10);
    return e.code;
  }
}

describe('malformed files are refused with the problem named', () => {
  it.each<[string, Uint8Array, CaptureErrorCode | 'read']>([
    ['empty', new Uint8Array(0), 'not-a-capture'],
    ['JSON', new TextEncoder().encode('{"format":"agujero-lab-run"}'), 'not-a-capture'],
    ['pcap header cut', PCAP.subarray(0, 20), 'truncated'],
    ['pcap with no records', PCAP, 'read'],
    ['pcap record header cut', cat(PCAP, u32s(0, 0)), 'truncated'],
    ['pcap record claims 1 GB', cat(PCAP, u32s(0, 0, 1 << 30, 1 << 30)), 'bad-length'],
    ['pcap frame cut', cat(PCAP, u32s(0, 0, 100, 100), new Uint8Array(10)), 'truncated'],
    ['pcapng SHB only', SHB, 'read'],
    ['pcapng SHB cut', SHB.subarray(0, 10), 'truncated'],
    ['pcapng no byte-order magic', u32s(0x0a0d0d0a, 28, 0x12345678, 1, 0, 0, 28), 'bad-block'],
    ['pcapng length not a multiple of 4', cat(SHB, u32s(1, 21, 0, 0, 21)), 'bad-length'],
    ['pcapng length under 12', cat(SHB, u32s(1, 8, 8)), 'bad-length'],
    ['pcapng block past the end', cat(SHB, u32s(1, 4000, 0)), 'truncated'],
    ['pcapng lengths disagree', cat(SHB, u32s(1, 20, 1, 0, 24)), 'bad-length'],
    ['pcapng packet before any interface', cat(SHB, epb(0, new Uint8Array(20))), 'no-interface'],
    ['pcapng packet on interface 7', cat(SHB, IDB, epb(7, new Uint8Array(20))), 'no-interface'],
    ['pcapng caplen past its block', cat(SHB, IDB, epb(0, new Uint8Array(20), 400)), 'bad-length'],
    [
      'pcapng option past its block',
      cat(
        SHB,
        cat(
          u32s(1, 28),
          Uint8Array.of(1, 0, 0, 0),
          u32s(0),
          Uint8Array.of(2, 0, 200, 0),
          u32s(0, 28),
        ),
      ),
      'bad-length',
    ],
    ['pcapng block before any section', cat(IDB, SHB), 'not-a-capture'],
  ])('%s: %s', (_, bytes, code) => {
    expect(refusal(bytes)).toBe(code);
  });

  it('a file over the size limit', () => {
    const big = new Uint8Array(MAX_CAPTURE_BYTES + 1);
    big.set(SHB);
    expect(refusal(big)).toBe('too-large');
  });

  it('a million blocks: skipped ones are read through fast, packets stop at the limit', () => {
    const skipped = new Uint8Array(12 * 1_000_000);
    for (let i = 0; i < 1_000_000; i++) skipped.set(u32s(0x0bad, 12, 12), i * 12);
    let started = performance.now();
    expect(refusal(cat(SHB, IDB, skipped))).toBe('read');
    expect(performance.now() - started).toBeLessThan(3000);

    const one = epb(0, new Uint8Array(0));
    const many = new Uint8Array(one.length * 1_000_000);
    for (let i = 0; i < 1_000_000; i++) many.set(one, i * one.length);
    started = performance.now();
    expect(refusal(cat(SHB, IDB, many))).toBe('too-many-packets');
    expect(performance.now() - started).toBeLessThan(3000);
    expect(MAX_CAPTURE_PACKETS).toBeLessThan(1_000_000);
  });

  it('a capture with no UDP, or no server, is refused by the import', () => {
    const frame = new Uint8Array(60); // all zeros: not IPv4
    expect(() => analyseCapture(cat(SHB, IDB, epb(0, frame)))).toThrow(/IPv4 UDP/);
  });
});

describe('random and mutated files (fast-check)', () => {
  const valid = exportScenario({ scenario: 'walkthrough' }).bytes;
  const onlyCaptureErrors = (bytes: Uint8Array): void => {
    try {
      analyseCapture(bytes);
    } catch (e) {
      if (!(e instanceof CaptureError)) throw e;
    }
  };

  it('random bytes behind each magic number', () => {
    const magics = [
      SHB.subarray(0, 12),
      PCAP.subarray(0, 4),
      Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 600 }), (m, rest) =>
        onlyCaptureErrors(cat(m, rest)),
      ),
      { numRuns: 2000 },
    );
  });

  it('an export with bytes changed or cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        fc.nat(valid.length),
        (edits, cut) => {
          const bytes = valid.slice(0, Math.max(cut, 1));
          for (const [at, b] of edits) if (at < bytes.length) bytes[at] = b;
          onlyCaptureErrors(bytes);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
