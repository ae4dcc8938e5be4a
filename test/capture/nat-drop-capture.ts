/**
 * A capture with a drop at a NAT, cut from the real namespace capture of the walkthrough
 * (test/e2e/fixtures/walkthrough-netns.pcapng): Alice's "upd hole" (her punch toward Bob) is
 * taken out everywhere, and Bob's two datagrams to her ("soy Bob", "upd hole") on Alice's LAN.
 * What is left is what a capture of the walkthrough without her punch shows: Bob's datagrams
 * reaching Alice's NAT and never leaving it, Alice's "soy Alice" through Bob's full cone. pcapng blocks are kept or left out whole (Enhanced Packet Blocks only).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FIXTURE = resolve(import.meta.dirname, '../e2e/fixtures/walkthrough-netns.pcapng');
const EPB = 6;
const has = (b: Uint8Array, needle: number[]): boolean => {
  outer: for (let i = 0; i + needle.length <= b.length; i++) {
    for (let k = 0; k < needle.length; k++) if (b[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
};
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
/** 192.168.1.10, Alice's LAN address in the namespace lab. */
const ALICE_LAN = [192, 168, 1, 10];

/** The namespace capture without Alice's punch: Bob's datagrams dropped at Alice's NAT. */
export function natDropCapture(): Buffer {
  const all = readFileSync(FIXTURE);
  const view = new DataView(all.buffer, all.byteOffset, all.byteLength);
  const kept: Buffer[] = [];
  let first: bigint | undefined;
  for (let at = 0; at + 12 <= all.length;) {
    const type = view.getUint32(at, true);
    const len = view.getUint32(at + 4, true);
    const block = all.subarray(at, at + len);
    at += len;
    if (type === EPB) {
      const ts =
        (BigInt(view.getUint32(at - len + 12, true)) << 32n) |
        BigInt(view.getUint32(at - len + 16, true));
      first ??= ts;
      const early = ts - first < 2_500_000n; // µs: Alice's punch, not Bob's later one
      if (has(block, ascii('upd hole')) && early) continue;
      const toAlice = has(block, ascii('soy Bob')) || has(block, ascii('upd hole'));
      if (toAlice && has(block, ALICE_LAN)) continue;
    }
    kept.push(block);
  }
  return Buffer.concat(kept);
}
