/**
 * `npm run bench`: prints the model's packet throughput through two NATs, how time per packet
 * grows with the number of live mappings, long runs (timeline recording, heap), the STUN codec
 * and lab, the simulator in Chromium, and the lab CLI's start-up.
 */
import { run as birthday } from './birthday.bench.ts';
import { run as capture } from './capture.bench.ts';
import { run as cli } from './cli.bench.ts';
import { run as course } from './course.bench.ts';
import { run as hub } from './hub.bench.ts';
import { run as longRun } from './long-run.bench.ts';
import { scaling, throughput } from './model.bench.ts';
import { run as punch } from './punch.bench.ts';
import { run as realRun } from './real-run.bench.ts';
import { run as saw } from './saw.bench.ts';
import { run as stunCodec } from './stun-codec.bench.ts';
import { run as stunLab } from './stun-lab.bench.ts';
import { run as ui } from './ui.bench.ts';
import { run as verify } from './verify.bench.ts';

const TARGET = 1_000_000;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rate = (n: number, s: number) => fmt(n / s);

function printThroughput(): void {
  console.log('(a) Throughput: alice <-> bob through two NATs over established holes, one core');
  for (const preset of ['port-restricted-cone', 'linux-masquerade-input-drop'] as const) {
    const r = throughput(1_000_000, preset);
    const combined = r.traceEvents + r.schedulerEvents;
    console.log(`  ${preset}: ${fmt(r.packets)} packets in ${fmt(r.seconds, 3)} s`);
    console.log(`    packets:                  ${rate(r.packets, r.seconds)} packets/s`);
    console.log(
      `    trace events:             ${rate(r.traceEvents, r.seconds)} events/s  (${fmt(r.traceEvents / r.packets, 1)} per packet: sent, forwarded x3, translated x2, delivered, ...)`,
    );
    console.log(
      `    scheduler events:         ${rate(r.schedulerEvents, r.seconds)} events/s  (${fmt(r.schedulerEvents / r.packets, 1)} per packet: one per link hop)`,
    );
    const verdict = r.traceEvents / r.seconds >= TARGET ? 'meets' : 'BELOW';
    console.log(
      `    trace + scheduler events: ${rate(combined, r.seconds)} events/s  | target >= ${fmt(TARGET)} trace events/s: ${verdict} (trace events alone)`,
    );
  }
}

function printScaling(): void {
  console.log('');
  console.log(
    '(b) Time per packet vs live mappings (one NAT, linux-masquerade-input-drop, one core)',
  );
  console.log(
    '    each packet crosses the NAT: half outbound from a mapped socket, half inbound to one;',
  );
  console.log(
    '    best of 3 rounds of 100,000 packets; "spread" = random over every live mapping,',
  );
  console.log(
    '    "10 hot" = the same tables, traffic on 10 mappings (isolates table size from cache misses)',
  );
  console.log(
    '    live mappings | setup (s) | spread (ns/packet) | vs 10 | 10 hot (ns/packet) | vs 10',
  );
  let spread0 = 0;
  let hot0 = 0;
  for (const n of [10, 100, 1_000, 10_000, 100_000]) {
    const r = scaling(n, 100_000);
    if (spread0 === 0) spread0 = r.nsPerPacketSpread;
    if (hot0 === 0) hot0 = r.nsPerPacketHot;
    console.log(
      `    ${fmt(n).padStart(13)} | ${fmt(r.setupSeconds, 2).padStart(9)} | ${fmt(r.nsPerPacketSpread).padStart(18)} | ${fmt(r.nsPerPacketSpread / spread0, 2).padStart(4)}x | ${fmt(r.nsPerPacketHot).padStart(18)} | ${fmt(r.nsPerPacketHot / hot0, 2).padStart(4)}x`,
    );
  }
}

/** Runs one bench module's `run()` and prints its numbers, or why it could not run. */
async function printSection(
  title: string,
  run: () => Promise<Record<string, number>>,
): Promise<void> {
  console.log(`\n${title}`);
  try {
    const results = await run();
    for (const [name, value] of Object.entries(results))
      console.log(`    ${name}: ${fmt(value, Number.isInteger(value) ? 0 : 2)}`);
  } catch (e) {
    console.log(`    could not run: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}

const started = performance.now();
printThroughput();
printScaling();
await printSection(
  '(b2) Long runs: timeline recording time, heap held as a run grows (bench/long-run.bench.ts)',
  longRun,
);
await printSection('(c) STUN codec (bench/stun-codec.bench.ts)', stunCodec);
await printSection(
  "(c2) Birthday paradox: 1,000 trials of 256 x 256 on the NAT model, in Node and in Chromium's workers, target < 1 s (bench/birthday.bench.ts)",
  birthday,
);
await printSection(
  '(d) STUN on real sockets: classification vs Debian stun, server answers/s (bench/stun-lab.bench.ts)',
  stunLab,
);
await printSection(
  '(e) Simulator in headless Chromium: bundle size, frame times (bench/ui.bench.ts)',
  ui,
);
await printSection(
  '(e2) The course: gzipped first load of the index, what a chapter adds (bench/course.bench.ts)',
  course,
);
await printSection(
  '(f) The lab CLI: start-up of agujero --help beside npm run lab -- --help (bench/cli.bench.ts)',
  cli,
);
await printSection(
  '(g) Lab hub fan-out on loopback: N agent-side + N browser connections (bench/hub.bench.ts)',
  hub,
);
await printSection(
  '(h) Punch in namespaces: both know the peer -> first packet each way (bench/punch.bench.ts)',
  punch,
);
await printSection(
  '(i) Captures: read a pcapng, import it as a saved run (bench/capture.bench.ts)',
  capture,
);
await printSection(
  "(j) A real lab run drawn by the simulator's views: open a saved run, sync a live one (bench/real-run.bench.ts)",
  realRun,
);
await printSection(
  '(k) Real addresses on netns up --live: a step to the rendezvous -> the hub lists what the Server saw (bench/saw.bench.ts)',
  saw,
);
await printSection(
  '(l) Conformance: agujero verify, every case in the model, then model and kernel (bench/verify.bench.ts)',
  verify,
);
console.log(`\nbench finished in ${fmt((performance.now() - started) / 1000, 1)} s`);
