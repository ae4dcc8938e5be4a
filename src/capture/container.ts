/**
 * What a capture file holds once its container is read, whatever the container: interfaces
 * (link type, name) and frames (interface, time, captured bytes), plus a bounds-checked view
 * the readers share so that no length in a file can make them read past its end.
 */
import { CaptureError, MAX_CAPTURE_BYTES, MAX_CAPTURE_PACKETS } from './errors.ts';

/** One capture interface (a pcap file has one). */
export interface CaptureInterface {
  /** LINKTYPE_* (1 Ethernet, 101 raw IP, 113 Linux SLL, 276 Linux SLL2, ...). */
  readonly linkType: number;
  /** pcapng if_name, when the file says. */
  readonly name?: string | undefined;
  /** pcapng if_description, when the file says. */
  readonly description?: string | undefined;
  /** The pcapng section it belongs to (0 for pcap). */
  readonly section: number;
}

/** One captured frame. */
export interface CapturedFrame {
  /** Index into `interfaces`. */
  readonly iface: number;
  /** Milliseconds since the Unix epoch (0 when the block carries no time). */
  readonly tMs: number;
  /** The bytes captured (maybe fewer than were on the wire). */
  readonly data: Uint8Array;
  /** The frame's length on the wire. */
  readonly origLen: number;
}

/** A whole capture file. */
export interface CaptureFile {
  readonly format: 'pcap' | 'pcapng';
  readonly interfaces: readonly CaptureInterface[];
  readonly frames: readonly CapturedFrame[];
}

/** A DataView whose every read checks it stays inside the file, naming what it was reading. */
export class Reader {
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    public littleEndian: boolean,
  ) {
    if (bytes.length > MAX_CAPTURE_BYTES) {
      throw new CaptureError(
        'too-large',
        `the file has ${bytes.length} bytes, more than the ${MAX_CAPTURE_BYTES} read`,
      );
    }
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Throws 'truncated' unless `n` bytes are there at `at`. */
  need(at: number, n: number, what: string): void {
    if (at < 0 || n < 0 || at + n > this.bytes.length) {
      throw new CaptureError(
        'truncated',
        `the file ends inside ${what} (at byte ${at}, ${n} bytes needed, ${Math.max(0, this.bytes.length - at)} left)`,
      );
    }
  }

  u16(at: number, what: string): number {
    this.need(at, 2, what);
    return this.view.getUint16(at, this.littleEndian);
  }

  u32(at: number, what: string): number {
    this.need(at, 4, what);
    return this.view.getUint32(at, this.littleEndian);
  }

  /** A copy-free view of `n` bytes at `at`. */
  slice(at: number, n: number, what: string): Uint8Array {
    this.need(at, n, what);
    return this.bytes.subarray(at, at + n);
  }
}

/** Throws 'too-many-packets' once `count` reaches the limit. */
export function checkPacketCount(count: number): void {
  if (count >= MAX_CAPTURE_PACKETS) {
    throw new CaptureError(
      'too-many-packets',
      `the file has more than ${MAX_CAPTURE_PACKETS} packets; cut it with editcap -r or a capture filter`,
    );
  }
}
