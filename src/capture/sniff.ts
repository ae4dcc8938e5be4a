/**
 * Which container a file's first four bytes say it is: classic pcap (either byte order,
 * microsecond or nanosecond timestamps), pcapng (its Section Header Block type), or neither.
 */

/** The container a capture file uses, with what its magic number says. */
export type CaptureKind =
  | { readonly kind: 'pcap'; readonly littleEndian: boolean; readonly nanos: boolean }
  | { readonly kind: 'pcapng' };

/** Classic pcap magic numbers as read big-endian from the first four bytes. */
const PCAP_MAGIC: Readonly<Record<number, { littleEndian: boolean; nanos: boolean }>> = {
  0xa1b2c3d4: { littleEndian: false, nanos: false },
  0xd4c3b2a1: { littleEndian: true, nanos: false },
  0xa1b23c4d: { littleEndian: false, nanos: true },
  0x4d3cb2a1: { littleEndian: true, nanos: true },
};

/** pcapng's Section Header Block type: the same bytes in both orders. */
export const PCAPNG_MAGIC = 0x0a0d0d0a;

/** What `bytes` starts with, or undefined when it is no capture (JSON, text, too short). */
export function sniffCapture(bytes: Uint8Array): CaptureKind | undefined {
  if (bytes.length < 4) return undefined;
  const magic =
    (((bytes[0] as number) << 24) |
      ((bytes[1] as number) << 16) |
      ((bytes[2] as number) << 8) |
      (bytes[3] as number)) >>>
    0;
  if (magic === PCAPNG_MAGIC) return { kind: 'pcapng' };
  const pcap = PCAP_MAGIC[magic];
  return pcap ? { kind: 'pcap', ...pcap } : undefined;
}
