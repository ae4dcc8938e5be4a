/**
 * Reading captures: a synthetic pcapng of the namespace lab (Alice's datagrams to Bob, each
 * seen on her LAN, the internet and Bob's LAN, Bob's answers likewise, every payload distinct)
 * read by the pure reader (MB/s) and imported whole (matched, crossings joined, NATs guessed,
 * a saved run built) at 3,000 and 30,000 datagrams; and a flood of one payload (the same
 * keepalive 30,000 times in a second), which must stay linear. Prints nothing; bench/run.ts
 * reports what `run` returns.
 */
import { importCapture } from '../src/app/capture-import.ts';
import { LabRun } from '../src/app/lab-run.ts';
import { RealTimeline } from '../src/app/real-timeline.ts';
import { formatLabRun, isRouterEvent, parseLabRun } from '../src/protocol/lab-run.ts';
import { readCapture } from '../src/capture/index.ts';
import type { CaptureFile, CapturedFrame } from '../src/capture/index.ts';
import { alignInterfaces } from '../src/capture/machine-clocks.ts';
import { mergeCaptures } from '../src/capture/merge.ts';
import { udpFrame } from '../src/model/pcapng/frame.ts';
import type { Packet } from '../src/model/packet.ts';

const MAC = Uint8Array.of(2, 0, 0, 0, 0, 1);
const ALICE = { ip: '192.168.1.10', port: 53333 };
const ALICE_PUBLIC = { ip: '192.0.2.113', port: 53333 };
const BOB = { ip: '192.168.2.20', port: 58888 };
const BOB_PUBLIC = { ip: '198.51.100.24', port: 58888 };
const text = new TextEncoder();

/** One segment's capture of `frames`. */
const segment = (frames: CapturedFrame[]): CaptureFile => ({
  format: 'pcap',
  interfaces: [{ linkType: 1, section: 0 }],
  frames,
});

const SEGMENTS = ['internet', 'alice-nat-lan', 'bob-nat-lan'];
/** The same three captures as a class's machines' (capture merge's interface names). */
const MACHINES = ['server', 'alice', 'bob'];

/**
 * `n` datagrams back and forth, each seen on the three segments (named `names`, each one's
 * clock `moved` ms off).
 */
export function syntheticCapture(
  n: number,
  payloadOf = (i: number) => `msg ${i}`,
  names = SEGMENTS,
  moved = [0, 0, 0],
): Uint8Array {
  const segs: CapturedFrame[][] = [[], [], []];
  for (let i = 0; i < n; i++) {
    const fromAlice = i % 2 === 0;
    const payload = text.encode(payloadOf(i));
    const hops: [number, Packet][] = fromAlice
      ? [
          [1, { id: i, src: ALICE, dst: BOB_PUBLIC, payload }],
          [0, { id: i, src: ALICE_PUBLIC, dst: BOB_PUBLIC, payload }],
          [2, { id: i, src: ALICE_PUBLIC, dst: BOB, payload }],
        ]
      : [
          [2, { id: i, src: BOB, dst: ALICE_PUBLIC, payload }],
          [0, { id: i, src: BOB_PUBLIC, dst: ALICE_PUBLIC, payload }],
          [1, { id: i, src: BOB_PUBLIC, dst: ALICE, payload }],
        ];
    hops.forEach(([seg, p], k) => {
      const data = udpFrame(p, { srcMac: MAC, dstMac: MAC, ipId: i & 0xffff, ttl: 64 - k });
      segs[seg]?.push({
        iface: 0,
        tMs: 1_700_000_000_000 + i * 0.03 + k * 0.001 + (moved[seg] ?? 0),
        data,
        origLen: data.length,
      });
    });
  }
  return mergeCaptures(
    names.map((name, k) => ({
      name,
      description: name,
      capture: segment(segs[k] as CapturedFrame[]),
    })),
  );
}

function time(f: () => void, rounds = 3): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** The numbers. */
export async function run(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const big = syntheticCapture(30_000);
  const readMs = time(() => readCapture(big));
  out['read 30,000 datagrams x 3 segments (MB)'] = big.length / 1e6;
  out['read (MB/s, target >= 50)'] = big.length / 1e6 / (readMs / 1000);
  for (const n of [3_000, 30_000]) {
    const bytes = n === 30_000 ? big : syntheticCapture(n);
    out[`import ${n.toLocaleString('en-US')} datagrams (ms, target < ${n / 6})`] = time(() =>
      importCapture(bytes),
    );
  }
  // The same as three machines' captures (server, alice, bob), Bob's clock 0.75 s ahead: each
  // peer's clock read against the Server's and Bob's frames moved before matching.
  const machines = syntheticCapture(30_000, undefined, MACHINES, [0, 0, 750]);
  out['import 30,000 datagrams as three machines, Bob 0.75 s ahead (ms, target < 5000)'] = time(
    () => importCapture(machines),
  );
  const read = readCapture(machines);
  out['  of which reading and applying the clocks (ms)'] = time(() => alignInterfaces(read));
  // Its replay: the saved file (up to 5,000 events, NAT rewrites and drops included) parsed,
  // rebuilt and drawn with the rewrites the capture saw.
  const file = formatLabRun(importCapture(syntheticCapture(3_000)).file);
  let routerEvents = 0;
  let drawn = 0;
  out['replay it: parse, rebuild, draw with observed rewrites (ms, target < 500)'] = time(() => {
    const parsed = parseLabRun(file);
    if (!parsed.ok) throw new Error(parsed.error);
    routerEvents = parsed.run.events.filter(isRouterEvent).length;
    const run = LabRun.fromFile(parsed.run);
    drawn = new RealTimeline(run, ['bob', 'server', 'alice']).total;
  });
  out['  of its events, seen at a NAT'] = routerEvents;
  out['  events drawn'] = drawn;
  const flood = syntheticCapture(30_000, () => 'keepalive');
  out['import a flood of 30,000 identical keepalives (ms, target < 5000)'] = time(
    () => importCapture(flood),
    1,
  );
  return out;
}
