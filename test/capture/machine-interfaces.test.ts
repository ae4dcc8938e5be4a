/**
 * A class captured on its three machines with nothing the heuristics know: the rendezvous on
 * UDP 7000 (not 9000 or 3478), no walkthrough ports, Alice speaking to the Server first (the
 * walkthrough's Bob does). With each machine's interface named server, alice or bob (as
 * `capture merge` writes it) the roles come from whose capture each address is in; without the
 * names there is no Server to match, and the import says why.
 */
import { describe, expect, it } from 'vitest';
import { analyseCapture, reasonText } from '../../src/capture/index.ts';
import type { CaptureFile, CapturedFrame } from '../../src/capture/index.ts';
import { mergeCaptures } from '../../src/capture/merge.ts';
import { ownAddresses } from '../../src/capture/own-addresses.ts';
import { udpOfFrame } from '../../src/capture/link.ts';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { textPayload } from '../../src/model/packet.ts';
import { udpFrame } from '../../src/model/pcapng/frame.ts';

const SERVER = { ip: '203.0.113.50', port: 7000 };
const ALICE = { lan: { ip: '192.168.7.5', port: 40000 }, wan: { ip: '198.51.100.7', port: 40000 } };
const BOB = { lan: { ip: '10.9.0.9', port: 41000 }, wan: { ip: '192.0.2.80', port: 61001 } };

const mac = Uint8Array.of(2, 0, 0, 0, 0, 1);
let id = 1;
/** One datagram as seen at `t` ms on a machine: `src` -> `dst` with `text`. */
function seen(t: number, src: Endpoint, dst: Endpoint, text: string, ipId: number): CapturedFrame {
  const data = udpFrame(
    { id: id++, src, dst, payload: textPayload(text) },
    { srcMac: mac, dstMac: mac, ipId, ttl: 64 },
  );
  return { iface: 0, tMs: 1_700_000_000_000 + t, data, origLen: data.length };
}
const capture = (frames: CapturedFrame[]): CaptureFile => ({
  format: 'pcapng',
  interfaces: [{ linkType: 1, section: 0 }],
  frames,
});

// Alice registers first, then Bob; the Server answers each with the other's public endpoint.
const machines = {
  server: capture([
    seen(0.4, ALICE.wan, SERVER, 'register alice', 1),
    seen(10.4, BOB.wan, SERVER, 'register bob', 2),
    seen(10.5, SERVER, ALICE.wan, `peer ${BOB.wan.ip}:${BOB.wan.port}`, 3),
    seen(10.6, SERVER, BOB.wan, `peer ${ALICE.wan.ip}:${ALICE.wan.port}`, 4),
  ]),
  alice: capture([
    seen(0, ALICE.lan, SERVER, 'register alice', 1),
    seen(10.9, SERVER, ALICE.lan, `peer ${BOB.wan.ip}:${BOB.wan.port}`, 3),
  ]),
  bob: capture([
    seen(10, BOB.lan, SERVER, 'register bob', 2),
    seen(11, SERVER, BOB.lan, `peer ${ALICE.wan.ip}:${ALICE.wan.port}`, 4),
  ]),
};
const merged = (names: readonly string[]) =>
  mergeCaptures(
    Object.values(machines).map((c, i) => ({ name: names[i]!, description: '', capture: c })),
  );

describe('interfaces named after the machines', () => {
  it('give each role its addresses, whatever the ports and the order', () => {
    const a = analyseCapture(merged(['server', 'alice', 'bob']));
    expect(a.book.server).toEqual([SERVER.ip]);
    expect(a.book.alice).toMatchObject({ lan: [ALICE.lan.ip], wan: [ALICE.wan.ip] });
    expect(a.book.bob).toMatchObject({ lan: [BOB.lan.ip], wan: [BOB.wan.ip] });
    expect(a.book.reasons.map(reasonText)).toEqual(
      expect.arrayContaining([
        "server 203.0.113.50: the addresses in the capture taken on the server's machine",
        "alice 192.168.7.5, 198.51.100.7: the addresses in the capture taken on alice's machine",
      ]),
    );
    // Each registration followed across Alice's or Bob's NAT.
    expect(a.journeys.filter((j) => j.rewrites.length > 0).length).toBeGreaterThanOrEqual(4);
  });

  it('without the names: no Server port, so no Server, and it says why', () => {
    expect(() => analyseCapture(merged(['eth0', 'eth1', 'eth2']))).toThrow(
      /no datagram goes to a server port \(9000 or 3478\) and no interface is named server/,
    );
  });

  it.each([
    { what: 'a host', frames: machines.alice.frames, own: [ALICE.lan.ip] },
    {
      what: 'a server with two addresses',
      frames: [
        ...machines.server.frames,
        seen(12, { ip: '203.0.113.51', port: 3479 }, ALICE.wan, 'changed address', 5),
      ],
      own: [SERVER.ip, '203.0.113.51'],
    },
  ])('own addresses of $what', ({ frames, own }) => {
    expect(ownAddresses(frames.map((f) => udpOfFrame(1, f.data)!))).toEqual(own);
  });
});
