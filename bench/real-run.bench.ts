/**
 * Drawing a real lab run with the simulator's views: a saved run of MAX_LAB_RUN_EVENTS (5,000:
 * 2,500 datagrams from Alice through her NAT to Bob over 200 source ports, so 200 live inferred
 * mappings) turned into a RealTimeline at once (opening a saved run, target < 0.5 s), and the
 * same run arriving live one event at a time with a sync after each (target < 1 ms per event on
 * average), best of 3. The same run's addresses by role (app/run-addresses.ts, read when a run
 * is shown beside its prediction), and its sequence diagram's model once the run is over with
 * every tenth delivery missing (250 datagrams classified lost, app/sequence-fate.ts). Prints
 * nothing; bench/run.ts reports what `run` returns.
 */
import { performance } from 'node:perf_hooks';
import { RealTimeline } from '../src/app/real-timeline.ts';
import { runAddresses } from '../src/app/run-addresses.ts';
import { sequenceModel } from '../src/app/sequence.ts';
import type { TraceEvent } from '../src/model/trace.ts';
import { walkthroughTopology } from '../src/model/scenarios/index.ts';
import { MAX_LAB_RUN_EVENTS } from '../src/protocol/lab-run.ts';

const enc = new TextEncoder();

/** `n` lab events: sends from Alice's LAN and their deliveries at Bob, from her public address. */
export function realTrace(n: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let i = 0; out.length < n; i++) {
    const port = 40_000 + (i % 200);
    const payload = enc.encode(`m${i}\n`);
    const dst = { ip: '198.51.100.24', port: 58888 };
    out.push({
      type: 'sent',
      t: i * 100,
      node: 'alice',
      packet: { id: i, src: { ip: '192.168.1.10', port }, dst, payload },
    });
    out.push({
      type: 'delivered',
      t: i * 100 + 5,
      node: 'bob',
      packet: { id: i, src: { ip: '192.0.2.113', port }, dst, payload },
      socket: { ip: '0.0.0.0', port: 58888 },
    });
  }
  return out;
}

const best = (f: () => void): number =>
  Math.min(
    ...[0, 1, 2].map(() => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    }),
  );

export async function run(): Promise<Record<string, number>> {
  const trace = realTrace(MAX_LAB_RUN_EVENTS);
  const topology = walkthroughTopology('port-restricted-cone', 'port-restricted-cone');
  const setup = { scenario: 'walkthrough' };
  let drawn = 0;
  const whole = best(() => {
    drawn = new RealTimeline({ setup, topology, trace }, ['bob', 'alice']).total;
  });
  const live = best(() => {
    const grow: TraceEvent[] = [];
    const tl = new RealTimeline({ setup, topology, trace: grow }, ['bob', 'alice']);
    for (const e of trace) {
      grow.push(e);
      tl.sync();
    }
  });
  const addresses = best(() => void runAddresses({ topology, runLines: [], trace }));
  const gaps = trace.filter((e, i) => !(e.type === 'delivered' && (i - 1) % 20 === 0));
  const over = new RealTimeline({ setup, topology, trace: gaps }, ['bob', 'alice']);
  over.complete = true;
  let lost = 0;
  const sequence = best(() => {
    const m = sequenceModel(topology, over.events, over.total, { complete: true });
    lost = m.items.filter((x) => x.kind === 'packet' && x.row.end?.kind === 'lost').length;
  });
  return {
    'lab events': trace.length,
    'events drawn (hops, rewrites, mappings)': drawn,
    'open a saved run of that size (ms, target < 500)': whole,
    'the same run live, one sync per event (ms in all)': live,
    'per live event (ms, target < 1)': live / trace.length,
    'its addresses by role (ms, target < 50)': addresses,
    'datagrams lost, every tenth delivery left out': lost,
    'its sequence diagram model once over (ms, target < 200)': sequence,
  };
}
