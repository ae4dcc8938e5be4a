/**
 * Reads a capture file, pcap or pcapng, by its magic number; refuses anything else with a
 * CaptureError. Pure and bounded: no lengths in a file make it read past its end or loop.
 */
import type { CaptureFile } from './container.ts';
import { CaptureError } from './errors.ts';
import { readPcap } from './pcap-read.ts';
import { readPcapng } from './pcapng-read.ts';
import { sniffCapture } from './sniff.ts';

/** The capture in `bytes`. */
export function readCapture(bytes: Uint8Array): CaptureFile {
  const kind = sniffCapture(bytes);
  if (!kind) {
    throw new CaptureError(
      'not-a-capture',
      'not a pcap or pcapng file (its first four bytes are no capture magic number)',
    );
  }
  return kind.kind === 'pcap' ? readPcap(bytes) : readPcapng(bytes);
}
