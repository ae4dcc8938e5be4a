/**
 * pcapng time units and names: if_tsresol in powers of ten and of two, if_tsoffset, the
 * default microseconds, interface names and descriptions, and a Simple Packet Block (no time)
 * cut to the interface's snap length; the same file in both byte orders reads the same.
 */
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/index.ts';

/** A pcapng writer for tests, in either byte order. */
function pcapng(le: boolean, blocks: [number, Uint8Array][]): Uint8Array {
  const parts: number[] = [];
  const u32 = (v: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, le);
    parts.push(...b);
  };
  for (const [type, body] of blocks) {
    const padded = (body.length + 3) & ~3;
    u32(type);
    u32(12 + padded);
    parts.push(...body, ...new Uint8Array(padded - body.length));
    u32(12 + padded);
  }
  return Uint8Array.from(parts);
}
/** Bytes of u16/u32/u64 fields and raw bytes, in either byte order. */
type Field = readonly ['u16' | 'u32' | 'u64', number] | Uint8Array;
function fields(le: boolean, ...f: Field[]): Uint8Array {
  const out: number[] = [];
  for (const x of f) {
    if (x instanceof Uint8Array) {
      out.push(...x, ...new Uint8Array(((x.length + 3) & ~3) - x.length));
      continue;
    }
    const [kind, v] = x;
    const b = new Uint8Array(kind === 'u16' ? 2 : kind === 'u32' ? 4 : 8);
    const dv = new DataView(b.buffer);
    if (kind === 'u16') dv.setUint16(0, v, le);
    else if (kind === 'u32') dv.setUint32(0, v, le);
    else dv.setBigInt64(0, BigInt(v), le);
    out.push(...b);
  }
  return Uint8Array.from(out);
}
const text = (s: string) => new TextEncoder().encode(s);

function file(le: boolean): Uint8Array {
  const shb = fields(le, ['u32', 0x1a2b3c4d], ['u16', 1], ['u16', 0], ['u64', -1]);
  const idb = (tsresol: number | undefined, offset: number | undefined, name: string) =>
    fields(
      le,
      ['u16', 1],
      ['u16', 0],
      ['u32', 8],
      ['u16', 2],
      ['u16', name.length],
      text(name),
      ['u16', 3],
      ['u16', 4],
      text('desc'),
      ...(tsresol === undefined ? [] : ([['u16', 9], ['u16', 1], Uint8Array.of(tsresol)] as const)),
      ...(offset === undefined
        ? []
        : ([
            ['u16', 14],
            ['u16', 8],
            ['u64', offset],
          ] as const)),
      ['u16', 0],
      ['u16', 0],
    );
  const epb = (iface: number, hi: number, lo: number) =>
    fields(
      le,
      ['u32', iface],
      ['u32', hi],
      ['u32', lo],
      ['u32', 4],
      ['u32', 4],
      Uint8Array.of(1, 2, 3, 4),
    );
  return pcapng(le, [
    [0x0a0d0d0a, shb],
    [1, idb(undefined, undefined, 'micro')],
    [1, idb(9, undefined, 'nano')],
    [1, idb(0x80 | 10, 100, 'binary')],
    [6, epb(0, 0, 1_500_000)],
    [6, epb(1, 0, 2_500_000_000)],
    [6, epb(2, 0, 3 * 1024)],
    [3, fields(le, ['u32', 20], new Uint8Array(20))],
  ]);
}

describe('pcapng time units and names', () => {
  it.each([
    ['little-endian', true],
    ['big-endian', false],
  ])('%s', (_, le) => {
    const c = readCapture(file(le));
    expect(c.interfaces.map((i) => [i.name, i.description])).toEqual([
      ['micro', 'desc'],
      ['nano', 'desc'],
      ['binary', 'desc'],
    ]);
    expect(c.frames.map((f) => [f.iface, f.tMs, f.data.length, f.origLen])).toEqual([
      [0, 1500, 4, 4],
      [1, 2500, 4, 4],
      [2, 103_000, 4, 4],
      [0, 0, 8, 20],
    ]);
  });
});
