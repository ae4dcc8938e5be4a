/**
 * A growable little-endian byte writer over Uint8Array (no Node Buffer: the browser uses it),
 * with the 32-bit padding pcapng needs.
 */

/** Appends integers and bytes, growing its buffer as needed. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  /** How many bytes were written. */
  get length(): number {
    return this.len;
  }

  private room(n: number): number {
    const at = this.len;
    if (at + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < at + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, at));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.len = at + n;
    return at;
  }

  u8(v: number): this {
    const at = this.room(1);
    this.view.setUint8(at, v);
    return this;
  }

  u16(v: number): this {
    const at = this.room(2);
    this.view.setUint16(at, v, true);
    return this;
  }

  u32(v: number): this {
    const at = this.room(4);
    this.view.setUint32(at, v >>> 0, true);
    return this;
  }

  bytes(b: Uint8Array): this {
    const at = this.room(b.length); // first: room() may replace the buffer
    this.buf.set(b, at);
    return this;
  }

  /** Zero bytes up to the next multiple of 4. */
  pad32(): this {
    const n = pad4(this.len) - this.len;
    for (let i = 0; i < n; i++) this.u8(0);
    return this;
  }

  /** Overwrites a little-endian u32 at `offset` (a block's length, once known). */
  setU32(offset: number, v: number): void {
    this.view.setUint32(offset, v >>> 0, true);
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** `n` rounded up to a multiple of 4. */
export function pad4(n: number): number {
  return (n + 3) & ~3;
}
