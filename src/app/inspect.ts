/**
 * The packet inspector's view model: IPv4 and UDP header fields for any packet (what the model
 * carries: addresses, ports, lengths), a hex dump of the payload, and, when the payload looks
 * like STUN, the codec's annotated fields (src/model/stun decodeMessage) flattened for a table.
 */
import type { Packet } from '../model/index.ts';
import { payloadText } from '../model/index.ts';
import { decodeMessage, looksLikeStun } from '../model/stun/index.ts';
import type { Annotation } from '../model/stun/index.ts';
import type { StringKey } from '../i18n/index.ts';

/** One header field. `value` is already formatted. */
export interface HeaderField {
  readonly label: StringKey;
  readonly value: string;
  /** Bits of the header this field takes, for the layout column. */
  readonly bits: number;
}

/** One annotated STUN field, flattened with its depth in the tree. */
export interface StunRow {
  readonly depth: number;
  readonly offset: number;
  readonly length: number;
  readonly label: string;
  readonly text: string;
  readonly rfc: string;
  readonly hex: string;
  readonly note?: string | undefined;
}

/** Everything the inspector shows about one packet. */
export interface Inspection {
  readonly packet: Packet;
  readonly ip: readonly HeaderField[];
  readonly udp: readonly HeaderField[];
  /** Hex dump rows: offset, hex bytes, printable ASCII. */
  readonly dump: readonly { offset: string; hex: string; ascii: string }[];
  readonly text: string;
  /** Present when the payload looks like STUN: the decoded fields or why decoding failed. */
  readonly stun?:
    | { readonly ok: true; readonly summary: string; readonly rows: readonly StunRow[] }
    | { readonly ok: false; readonly error: string };
}

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/** A classic hex dump, `width` bytes per row (8 fits the inspector's column). */
export function hexDump(
  bytes: Uint8Array,
  width = 8,
): { offset: string; hex: string; ascii: string }[] {
  const rows: { offset: string; hex: string; ascii: string }[] = [];
  for (let o = 0; o < bytes.length; o += width) {
    const chunk = [...bytes.subarray(o, o + width)];
    rows.push({
      offset: o.toString(16).padStart(4, '0'),
      hex: chunk.map(hex2).join(' '),
      ascii: chunk.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join(''),
    });
  }
  return rows;
}

function flatten(list: readonly Annotation[], depth: number, out: StunRow[]): void {
  for (const a of list) {
    out.push({
      depth,
      offset: a.offset,
      length: a.length,
      label: a.label,
      text: a.text,
      rfc: a.rfc,
      hex: [...a.raw].map(hex2).join(' '),
      note: a.note,
    });
    flatten(a.children, depth + 1, out);
  }
}

/** Builds the inspector's view of `p`. */
export function inspectPacket(p: Packet): Inspection {
  const n = p.payload.length;
  const ip: HeaderField[] = [
    { label: 'protocol', value: 'UDP (17)', bits: 8 },
    { label: 'totalLength', value: `${20 + 8 + n}`, bits: 16 },
    { label: 'srcAddr', value: p.src.ip, bits: 32 },
    { label: 'dstAddr', value: p.dst.ip, bits: 32 },
  ];
  const udp: HeaderField[] = [
    { label: 'srcPort', value: String(p.src.port), bits: 16 },
    { label: 'dstPort', value: String(p.dst.port), bits: 16 },
    { label: 'udpLength', value: `${8 + n}`, bits: 16 },
  ];
  const base = { packet: p, ip, udp, dump: hexDump(p.payload), text: payloadText(p.payload) };
  if (!looksLikeStun(p.payload)) return base;
  const decoded = decodeMessage(p.payload, { fingerprint: 'flag' });
  if (!decoded.ok) return { ...base, stun: { ok: false, error: decoded.error.message } };
  const rows: StunRow[] = [];
  flatten(decoded.value.annotations, 0, rows);
  const typeRow = rows.find((r) => r.label === 'Message Type');
  return {
    ...base,
    stun: {
      ok: true,
      summary: `${decoded.value.classic ? 'RFC 3489' : 'RFC 5389/8489'} · ${typeRow?.text ?? ''}`,
      rows,
    },
  };
}
