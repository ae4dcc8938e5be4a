/**
 * Nothing a remote sends stops the real stun-server process: it is flooded on loopback only
 * (127.0.0.1, a bounded number of datagrams in a bounded time) with garbage, oversized and
 * crowded datagrams, every edge value of RESPONSE-PORT and CHANGE-REQUEST, indications and
 * responses, interleaved with valid Binding requests; it keeps answering those, is alive after,
 * answers a fresh client, and stops cleanly with its counts by cause.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMessage, unwrap } from '../../../src/model/stun/index.ts';
import type { StunAttribute, StunClass } from '../../../src/model/stun/index.ts';
import type { Child, CliBundle } from './processes.ts';
import {
  LOOPBACK,
  bundleCli,
  freePortPair,
  startChild,
  stunServerArgs,
  waitForStun,
} from './processes.ts';

const { primary } = LOOPBACK;
/** At most this many datagrams, and at most this long: the flood stops by itself. */
const MAX_DATAGRAMS = 6_000;
const MAX_FLOOD_MS = 4_000;

const raw = (type: number, ...bytes: number[]): StunAttribute => ({
  kind: 'unknown',
  type,
  value: Uint8Array.from(bytes),
});
const word = (w: number): number[] => [w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255];

let serial = 0;
function message(
  attributes: StunAttribute[] = [],
  cls: StunClass = 'request',
  method = 1,
): Uint8Array {
  // "Floo" and a serial number, so answers to the valid requests can be matched.
  const id = new Uint8Array(12);
  id.set(word(0x466c6f6f));
  id.set(word(serial++), 8);
  return unwrap(encodeMessage({ class: cls, method, transactionId: id, attributes }));
}

/** One 64 KB datagram of 16,371 empty comprehension-optional attributes (the tester's case). */
function crowded64k(): Uint8Array {
  const n = 16_371;
  const bytes = new Uint8Array(20 + 4 * n);
  bytes.set([0, 1, (4 * n) >> 8, (4 * n) & 255, 0x21, 0x12, 0xa4, 0x42]);
  for (let i = 0; i < n; i++) bytes.set([0x80, 0x99], 20 + 4 * i);
  return bytes;
}

/** Every hostile datagram, once. */
function hostile(): Uint8Array[] {
  const out: Uint8Array[] = [
    Uint8Array.from([1, 2, 3]),
    new Uint8Array(20).fill(0xff),
    new Uint8Array(65_507).fill(0x41),
    crowded64k(),
    message(Array.from({ length: 33 }, () => raw(0x8f00))),
    message([], 'indication'),
    message([], 'success'),
    message([], 'error'),
    message([], 'request', 3),
    message([raw(0x7f00), raw(0x0002, 0, 1, 0, 9, 127, 0, 0, 1)]),
  ];
  // RESPONSE-PORT: 0, 1, 65535, missing, wrong lengths, with PADDING.
  for (const port of [0, 1, 65_535]) out.push(message([raw(0x0027, port >> 8, port & 255, 0, 0)]));
  out.push(
    message([raw(0x0027, 0, 0)]),
    message([raw(0x0027)]),
    message([raw(0x0027, ...word(1), 0, 0)]),
  );
  out.push(
    message([raw(0x0027, 0x30, 0x39, 0, 0), raw(0x0026, ...new Array<number>(600).fill(0))]),
  );
  // CHANGE-REQUEST: every flag bit, all bits, wrong lengths.
  for (let bit = 0; bit < 32; bit++) out.push(message([raw(0x0003, ...word((1 << bit) >>> 0))]));
  out.push(
    message([raw(0x0003, ...word(0xffffffff))]),
    message([raw(0x0003, 0, 6)]),
    message([raw(0x0003)]),
  );
  out.push(message([raw(0x0003, ...word(6), 0, 0, 0, 0)]));
  return out;
}

let cli: CliBundle;
let server: Child;
let p: number;
beforeAll(async () => {
  cli = await bundleCli();
  p = await freePortPair();
  server = await startChild(cli.argv(...stunServerArgs(p)));
  await server.waitFor(/listening/, 5_000);
});
afterAll(async () => {
  await server?.stop();
  await cli?.remove();
});

/** Sends the flood from one socket on 127.0.0.1; resolves with how many valid requests got answers. */
async function flood(socket: Socket): Promise<{ sent: number; valid: number; answered: number }> {
  const hostiles = hostile();
  const validIds = new Set<string>();
  let answered = 0;
  socket.on('message', (msg: Buffer) => {
    const id = msg.subarray(8, 20).toString('hex');
    if (msg[0] === 0x01 && msg[1] === 0x01 && validIds.delete(id)) answered++;
  });
  const started = Date.now();
  let sent = 0;
  let valid = 0;
  while (sent < MAX_DATAGRAMS && Date.now() - started < MAX_FLOOD_MS) {
    for (let i = 0; i < 50 && sent < MAX_DATAGRAMS; i++, sent++) {
      let bytes: Uint8Array;
      if (sent % 10 === 9) {
        bytes = message();
        validIds.add(Buffer.from(bytes.subarray(8, 20)).toString('hex'));
        valid++;
      } else bytes = hostiles[sent % hostiles.length] as Uint8Array;
      socket.send(bytes, p + (sent % 2), primary);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 300));
  return { sent, valid, answered };
}

describe('stun-server under a loopback flood', () => {
  it('keeps answering valid requests while flooded, and is alive after', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, primary, () => r()));
    // The tester's first case, alone: a 28-byte request with RESPONSE-PORT 0 used to kill it.
    socket.send(message([raw(0x0027, 0, 0, 0, 0)]), p, primary);
    const r = await flood(socket).finally(() => socket.close());
    expect(r.sent).toBeGreaterThan(1_000);
    expect(r.answered).toBeGreaterThan(r.valid / 2);
    await waitForStun({ ip: primary, port: p }, 3_000);
    expect(server.stderr()).not.toMatch(/\n\s+at /);
  });

  it('stops cleanly on SIGTERM, its counts naming why datagrams were ignored', async () => {
    const code = await server.stop('SIGTERM');
    expect(code).toBe(0);
    const last = server.stdout().trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^stopped \(SIGTERM\): \d+ received, \d+ answered, \d+ ignored \(/);
    for (const cause of ['malformed', 'oversized', 'too-many-attributes', 'not-request']) {
      expect(last).toContain(cause);
    }
  });
});
