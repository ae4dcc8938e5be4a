/**
 * The hub's fan-out benchmark, bounded and on loopback, in separate processes so the load
 * generator is not the bottleneck it measures: the hub; one process of N agent-side connections
 * (alice and bob registered, each streaming 200 events 10 ms apart, the others pinging); and the
 * N subscribed browsers split over processes of at most 50. Latency is measured from the agent
 * process's `send` to the browser process's `message` handler (after JSON.parse), so it includes
 * both clients' event loops, the kernel's loopback and the hub. Reports p50/p99 fan-out latency
 * (target at 100 + 100: p99 under 50 ms), ping p99, events out of order, each process's CPU time
 * and event-loop delay in the window (who was busy), and the hub's heap and RSS per connection
 * (growth after connecting, after a GC, divided by 2N; and the heap the N browsers added over
 * the agents, divided by N, which leaves out one-time costs). Returns numbers.
 *
 * Run alone: `npx tsx bench/hub.bench.ts [N...]` (a role as first argument runs that process);
 * `BENCH_HUB_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"` profiles the hub process.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EVENTS, role } from './hub-roles.ts';

/** Browsers per load-generating process. */
const BROWSERS_PER_PROCESS = 50;
const DEADLINE_MS = 60_000;

type Line = Record<string, unknown>;

/** A role process and its JSON answers. */
class Child {
  readonly proc: ChildProcess;
  private readonly lines: AsyncIterator<string>;
  constructor(args: readonly string[]) {
    this.proc = spawn(
      process.execPath,
      [
        '--expose-gc',
        // e.g. BENCH_HUB_NODE_ARGS=--cpu-prof: profile the hub process (written when it exits)
        ...(args[0] === 'hub'
          ? (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean)
          : []),
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        ...args,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    this.lines = createInterface({ input: this.proc.stdout! })[Symbol.asyncIterator]();
  }
  async read(): Promise<Line> {
    const r = await this.lines.next();
    if (r.done) throw new Error('a bench process exited early');
    return JSON.parse(r.value as string) as Line;
  }
  ask(command: string): Promise<Line> {
    this.proc.stdin!.write(`${command}\n`);
    return this.read();
  }
  stop(): void {
    this.proc.stdin!.end();
    setTimeout(() => this.proc.kill('SIGKILL'), 2000).unref();
  }
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN) * 100) / 100;
};
const num = (x: unknown): number => Number(x);
const perConnection = (bytes: number, connections: number): number =>
  Math.round((bytes / connections / 1024) * 10) / 10;

/**
 * One round with n agent-side and n browser connections: every browser watching the one pair
 * (`rooms` 0), or a class of `rooms` pairs (n / 2), every agent streaming to its room's browsers.
 */
export async function fanOut(n: number, rooms = 0): Promise<Record<string, number>> {
  const hub = new Child(['hub']);
  const children = [hub];
  const killer = setTimeout(() => children.forEach((c) => c.proc.kill('SIGKILL')), DEADLINE_MS);
  try {
    const start = await hub.read();
    const url = String(start.url);
    const agents = new Child(['agents', url, String(n), String(rooms)]);
    children.push(agents);
    await agents.read();
    const withAgents = await hub.ask('mem');
    const browsers: Child[] = [];
    for (let first = 0; first < n; first += BROWSERS_PER_PROCESS) {
      const count = String(Math.min(n - first, BROWSERS_PER_PROCESS));
      const b = new Child(['browsers', url, count, String(first), String(rooms)]);
      children.push(b);
      browsers.push(b);
      await b.read();
    }
    const connected = await hub.ask('mem');
    await agents.ask('warm');
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all([hub, ...browsers].map((c) => c.ask('start')));
    const a = await agents.ask('run');
    const perBrowser = 2 * EVENTS;
    const got = await Promise.all(
      browsers.map((b, i) =>
        b.ask(
          `collect ${perBrowser * Math.min(BROWSERS_PER_PROCESS, n - i * BROWSERS_PER_PROCESS)}`,
        ),
      ),
    );
    const h = await hub.ask('report');
    const samples = got.flatMap((g) => g.samples as number[]);
    const k = rooms ? `${n}+${n} class of ${rooms} pairs,` : `${n}+${n}`;
    return {
      [`${k} fan-out p50 (ms)`]: quantile(samples, 0.5),
      [`${k} fan-out p99 (ms)`]: quantile(samples, 0.99),
      [`${k} fan-out max (ms)`]: quantile(samples, 1),
      [`${k} events delivered (of ${perBrowser * n})`]: samples.length,
      [`${k} events out of order`]: got.reduce((s, g) => s + num(g.outOfOrder), 0),
      ...(rooms ? {} : { [`${k} ping p99 (ms)`]: quantile(a.pings as number[], 0.99) }),
      [`${k} hub CPU in the window (ms)`]: num(h.cpuMs),
      [`${k} hub event-loop delay p99 (ms)`]: num(h.loopDelayP99),
      [`${k} agents process CPU (ms)`]: num(a.cpuMs),
      [`${k} agents process event-loop delay p99 (ms)`]: num(a.loopDelayP99),
      [`${k} browser processes (${browsers.length}) CPU (ms)`]: got.reduce(
        (s, g) => s + num(g.cpuMs),
        0,
      ),
      [`${k} browser processes event-loop delay p99, worst (ms)`]: Math.max(
        ...got.map((g) => num(g.loopDelayP99)),
      ),
      [`${k} machine load average, 1 min (cores: ${cpus().length})`]: loadavg()[0]!,
      [`${k} hub heap per connection, all 2N (KiB)`]: perConnection(
        num(connected.heap) - num(start.heap),
        2 * n,
      ),
      [`${k} hub heap per browser connection, marginal (KiB)`]: perConnection(
        num(connected.heap) - num(withAgents.heap),
        n,
      ),
      [`${k} hub RSS per connection, all 2N (KiB)`]: perConnection(
        num(connected.rss) - num(start.rss),
        2 * n,
      ),
    };
  } finally {
    clearTimeout(killer);
    for (const c of children.reverse()) c.stop();
  }
}

/** 20 + 20 and the 100 + 100 on one pair, then 100 + 100 as a class of 50 pairs. */
export async function run(sizes: readonly number[] = [20, 100]): Promise<Record<string, number>> {
  let out: Record<string, number> = {};
  for (const n of sizes) out = { ...out, ...(await fanOut(n)) };
  const largest = Math.max(...sizes);
  return { ...out, ...(await fanOut(largest, largest / 2)) };
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const args = process.argv.slice(2);
  if (['hub', 'agents', 'browsers'].includes(args[0] ?? '')) await role(args);
  else console.log(await run(args.length ? args.map(Number) : undefined));
}
