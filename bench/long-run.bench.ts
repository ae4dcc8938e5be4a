/**
 * Benchmarks of long scenario runs: the time to record a simulator timeline of MAX_EVENTS
 * (20,000) events, which must stay under 200 ms, and the heap a run keeps as it grows 9-fold
 * (flat with a small window of events: what grows is the window a caller asks for, never the
 * run's length; terminals keep a scrollback and sockets their last datagrams).
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MAX_EVENTS, Timeline } from '../src/app/timeline.ts';
import { ScenarioRun } from '../src/model/index.ts';
import { longKeepaliveScenario as keepalives } from '../src/model/scenarios/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection, in MB. */
function heapMB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Runs `times` keepalives to the end; returns its events and the heap the finished run holds. */
function retained(
  times: number,
  keepEvents?: number,
): { events: number; seconds: number; heapMB: number } {
  const before = heapMB();
  const t0 = performance.now();
  const run = new ScenarioRun(keepalives(times), keepEvents === undefined ? {} : { keepEvents });
  run.runToEnd();
  const seconds = (performance.now() - t0) / 1000;
  const held = heapMB() - before;
  if (run.limit) throw new Error('bench: the run hit its event limit');
  return { events: run.index, seconds, heapMB: Math.max(0, held) };
}

/** The numbers `npm run bench` prints. */
export async function run(): Promise<Record<string, number>> {
  const s = keepalives(3000);
  let t0 = performance.now();
  const first = Timeline.record(s);
  const cold = performance.now() - t0;
  if (first.total !== MAX_EVENTS) throw new Error(`bench: recorded ${first.total} events`);
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    t0 = performance.now();
    Timeline.record(s);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  retained(9000, 1000); // warm-up, so compiled code does not count as held heap
  const small = retained(1000, 1000);
  const large = retained(9000, 1000);
  const dflt = retained(9000);
  return {
    [`timeline record, ${MAX_EVENTS} events, first (ms)`]: cold,
    [`timeline record, ${MAX_EVENTS} events, median of 7 (ms; target < 200)`]: times[3] as number,
    [`long run, ${small.events} events: trace events/s`]: small.events / small.seconds,
    [`long run, ${large.events} events: trace events/s`]: large.events / large.seconds,
    [`heap held by a finished run of ${small.events} events, keepEvents 1,000 (MB)`]: small.heapMB,
    [`heap held by a finished run of ${large.events} events, keepEvents 1,000 (MB)`]: large.heapMB,
    [`heap held by a finished run of ${dflt.events} events, default window (MB)`]: dflt.heapMB,
  };
}
