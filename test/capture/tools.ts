/**
 * Real capture files for the reader tests, written by the tools students use: tcpdump (pcap,
 * micro and nanosecond, Ethernet on lo, Linux cooked SLL and SLL2 from `-i any`), dumpcap
 * (pcapng), mergecap (several interfaces), text2pcap (raw IP link types); bounded loopback
 * traffic only. And the big-endian twin of a file, which tshark must read the same.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

/**
 * A capture tool started on loopback; resolves once it says it listens (see untilCapturing);
 * with `stdoutFile`, what it writes to stdout goes there (dumpcap `-w -` writes each packet at once).
 */
export async function startTool(
  argv: readonly string[],
  stdoutFile?: string,
): Promise<ChildProcess> {
  const out = stdoutFile === undefined ? 'ignore' : openSync(stdoutFile, 'w');
  const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', out, 'pipe'] });
  if (typeof out === 'number') closeSync(out);
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${argv[0]} did not start: ${err}`)), 10_000);
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (/listening on|Capturing on/.test(err)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('error', (e) => reject(e));
    child.on('exit', () => reject(new Error(`${argv[0]} exited: ${err}`)));
  });
  return child;
}

/** Stops a tool with SIGTERM (it flushes) and waits for it. */
export function stopTool(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Sends `texts` to 127.0.0.1:`port` from one socket (nobody listens: loopback only). */
export async function sendLoopback(port: number, texts: readonly string[]): Promise<void> {
  const s = createSocket('udp4');
  for (const text of texts) {
    await new Promise<void>((resolve, reject) =>
      s.send(text, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
    );
    await new Promise((r) => setTimeout(r, 5));
  }
  s.close();
}

/**
 * Sends `marker` to 127.0.0.1:`port` every 50 ms until every one of `files` holds it (each tool
 * writes a datagram to its file as it captures it): "listening on" / "Capturing on" come a
 * moment before a capture really starts, longer on a loaded machine. Throws after `timeoutMs`.
 */
export async function untilCapturing(
  port: number,
  marker: string,
  files: readonly string[],
  timeoutMs = 10_000,
): Promise<void> {
  const s = createSocket('udp4');
  const needle = Buffer.from(marker);
  const holds = (f: string): boolean => existsSync(f) && readFileSync(f).includes(needle);
  try {
    for (const deadline = Date.now() + timeoutMs; !files.every(holds);) {
      if (Date.now() > deadline) {
        throw new Error(`not capturing after ${timeoutMs} ms: ${files.filter((f) => !holds(f))}`);
      }
      await new Promise<void>((resolve, reject) =>
        s.send(marker, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
      );
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    s.close();
  }
}

/** Runs a tool to completion; throws with its stderr unless it exits 0. */
export function runTool(argv: readonly string[]): void {
  const r = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
}

/** A little-endian pcap file's bytes in big-endian order (file and record headers swapped). */
export function swapPcap(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  const le = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number): void => v.setUint32(at, le.getUint32(at, true), false);
  const u16 = (at: number): void => v.setUint16(at, le.getUint16(at, true), false);
  u32(0);
  u16(4);
  u16(6);
  for (const at of [8, 12, 16, 20]) u32(at);
  let at = 24;
  while (at + 16 <= out.length) {
    const incl = le.getUint32(at + 8, true);
    for (const k of [0, 4, 8, 12]) u32(at + k);
    at += 16 + incl;
  }
  return out;
}

/**
 * A little-endian pcapng file in big-endian order: its SHB, IDB and EPB blocks with every
 * integer field, option code and length swapped (and the IDB's 64-bit if_speed), frame bytes
 * as they are; other blocks (interface statistics) are left out.
 */
export function swapPcapng(bytes: Uint8Array): Uint8Array {
  const le = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [];
  let at = 0;
  while (at + 12 <= bytes.length) {
    const type = le.getUint32(at, true);
    const total = le.getUint32(at + 4, true);
    if (type === 0x0a0d0d0a || type === 1 || type === 6)
      kept.push(swapBlock(bytes, at, total, type));
    at += total;
  }
  return new Uint8Array(Buffer.concat(kept));
}

function swapBlock(bytes: Uint8Array, at: number, total: number, type: number): Uint8Array {
  const out = bytes.slice(at, at + total);
  const v = new DataView(out.buffer);
  const le = new DataView(bytes.buffer, bytes.byteOffset + at, total);
  const u32 = (k: number): void => v.setUint32(k, le.getUint32(k, true), false);
  const u16 = (k: number): void => v.setUint16(k, le.getUint16(k, true), false);
  const options = (k: number, end: number): void => {
    while (k + 4 <= end) {
      const code = le.getUint16(k, true);
      const len = le.getUint16(k + 2, true);
      u16(k);
      u16(k + 2);
      if (code === 0) break;
      if (type === 1 && len === 8 && (code === 8 || code === 14)) {
        v.setBigUint64(k + 4, le.getBigUint64(k + 4, true), false);
      }
      k += 4 + ((len + 3) & ~3);
    }
  };
  u32(0);
  u32(4);
  u32(total - 4);
  if (type === 0x0a0d0d0a) {
    u32(8);
    u16(12);
    u16(14);
    v.setBigUint64(16, le.getBigUint64(16, true), false);
    options(24, total - 4);
  } else if (type === 1) {
    u16(8);
    u16(10);
    u32(12);
    options(16, total - 4);
  } else {
    for (const k of [8, 12, 16, 20, 24]) u32(k);
    options(28 + ((le.getUint32(20, true) + 3) & ~3), total - 4);
  }
  return out;
}

/** A file's bytes. */
export function bytesOf(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}
