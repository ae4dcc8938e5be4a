/**
 * The processes of the hub benchmark (bench/hub.bench.ts), each its own node so that the load
 * generator does not share an event loop with the hub: `hub` runs the hub, `agents` opens the
 * agent-side connections (two registered, streaming events stamped with the send time; the rest
 * pinging), `browsers` opens subscribed browsers and records, per event received, the time from
 * the agent's `send` to its own `message` handler. Times are on CLOCK_MONOTONIC
 * (`process.hrtime`), which every process on the machine shares. Each process takes commands as
 * lines on stdin and answers with one JSON line on stdout; every one reports the CPU it used and
 * its event-loop delay over the measured window, to show which one was the bottleneck.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

export const TOKEN = 'bench-token-0001';
/** Events each registered agent sends in the measured window, and the pause between (ms). */
export const EVENTS = 200;
export const PACE_MS = 10;
/** Unsampled events first, so compilation is not measured. */
const WARMUP = 200;

/** Milliseconds on the machine-wide monotonic clock. */
export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** CPU time and event-loop delay between `start()` and `report()`. */
class Window {
  private cpu = process.cpuUsage();
  private readonly eld: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  start(): void {
    this.cpu = process.cpuUsage();
    this.eld.reset();
    this.eld.enable();
  }
  report(): Record<string, number> {
    this.eld.disable();
    const c = process.cpuUsage(this.cpu);
    return {
      cpuMs: Math.round((c.user + c.system) / 1000),
      loopDelayP99: Math.round(this.eld.percentile(99) / 1e4) / 100,
      loopDelayMax: Math.round(this.eld.max / 1e4) / 100,
    };
  }
}

const say = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

function open(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...(origin ? { origin } : {}) });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends `first`, resolves with the first message of `type`. */
function ask(ws: WebSocket, first: unknown, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const on = (d: WebSocket.RawData): void => {
      const m = JSON.parse(d.toString()) as Record<string, unknown>;
      if (m.type !== type) return;
      ws.off('message', on);
      resolve(m);
    };
    ws.on('message', on);
    ws.send(JSON.stringify(first));
  });
}

const hello = { type: 'hello', protocol: 1, token: TOKEN };

function mem(): { heap: number; rss: number } {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

async function hubRole(w: Window): Promise<void> {
  const { startHub } = await import('../lab/hub/hub.ts');
  const hub = await startHub({ token: TOKEN, rate: 1000, burst: 2000 });
  say({ url: hub.url, ...mem() });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'mem') say(mem());
    if (line === 'start') {
      w.start();
      say({});
    }
    if (line === 'report') say({ ...w.report(), ...hub.counts() });
  }
  await hub.stop();
}

/** The hello of a connection in room `r` of `rooms` (none when the bench has no rooms). */
const helloIn = (rooms: number, r: number): unknown =>
  rooms > 0 ? { ...hello, room: `pair-${r % rooms}` } : hello;

/**
 * Without rooms, the first two connections register (alice, bob) and stream, the rest ping;
 * with `rooms`, every connection is an agent, two to a room, and all of them stream.
 */
async function agentsRole(url: string, n: number, rooms: number, w: Window): Promise<void> {
  const agents: WebSocket[] = [];
  const streamers: { ws: WebSocket; role: string }[] = [];
  for (let i = 0; i < n; i++) {
    const ws = await open(url);
    agents.push(ws);
    await ask(ws, helloIn(rooms, i >> 1), 'welcome');
    if (i < 2 || rooms > 0) {
      const role = i % 2 === 0 ? 'alice' : 'bob';
      const reg = { type: 'register', role, nc: { variant: 'builtin', keep: true } };
      await ask(ws, reg, 'registered');
      streamers.push({ ws, role });
    }
  }
  say({ ready: n });
  const event = (actor: string, t: number, text: string): string =>
    JSON.stringify({ type: 'event', event: { type: 'output', t, actor, stream: 'stdout', text } });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'warm') {
      for (let k = 0; k < WARMUP; k++) {
        const { ws, role } = streamers[k % streamers.length]!;
        ws.send(event(role, 0, 'warm-up'));
        await sleep(2);
      }
      say({ warmed: WARMUP });
    }
    if (line !== 'run') continue;
    w.start();
    const pings: number[] = [];
    const idle = agents.filter((ws) => !streamers.some((s) => s.ws === ws));
    for (let k = 0; k < EVENTS; k++) {
      for (const { ws, role } of streamers) ws.send(event(role, k, String(now())));
      const pinger = idle[k % Math.max(1, idle.length)];
      if (pinger) {
        const sent = now();
        void ask(pinger, { type: 'ping', id: `p${k}` }, 'pong').then(() =>
          pings.push(now() - sent),
        );
      }
      await sleep(PACE_MS);
    }
    await sleep(200);
    say({ pings, ...w.report() });
  }
  for (const ws of agents) ws.terminate();
}

/** Browsers `first`..`first + n - 1`, browser i in room i (of `rooms`, when there are rooms). */
async function browsersRole(
  url: string,
  n: number,
  first: number,
  rooms: number,
  w: Window,
): Promise<void> {
  const browsers: WebSocket[] = [];
  let samples: number[] = [];
  let outOfOrder = 0;
  const lasts: Record<string, number>[] = [];
  for (let i = 0; i < n; i++) {
    const ws = await open(url, 'http://127.0.0.1:5173');
    browsers.push(ws);
    await ask(ws, helloIn(rooms, first + i), 'welcome');
    await ask(ws, { type: 'subscribe' }, 'agents');
    const last: Record<string, number> = {};
    lasts.push(last);
    ws.on('message', (d) => {
      const at = now();
      const m = JSON.parse(d.toString()) as {
        type: string;
        event?: { t: number; actor: string; text?: string };
      };
      const sentAt = Number(m.event?.text);
      if (m.type !== 'event' || !m.event || !Number.isFinite(sentAt)) return;
      samples.push(at - sentAt);
      if ((last[m.event.actor] ?? -1) >= m.event.t) outOfOrder++;
      last[m.event.actor] = m.event.t;
    });
  }
  say({ ready: n });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'start') {
      w.start();
      samples = [];
      outOfOrder = 0;
      for (const last of lasts) for (const k of Object.keys(last)) delete last[k];
      say({});
    }
    if (line.startsWith('collect ')) {
      const expected = Number(line.slice(8));
      const end = now() + 10_000;
      while (samples.length < expected && now() < end) await sleep(20);
      say({ samples, outOfOrder, ...w.report() });
    }
  }
  for (const ws of browsers) ws.terminate();
}

/**
 * Runs the role named on the command line: `hub`, `agents URL N ROOMS` or
 * `browsers URL N FIRST ROOMS` (ROOMS 0: no rooms).
 */
export async function role(args: readonly string[]): Promise<void> {
  const w = new Window();
  const [name, url = '', n = '0', a = '0', b = '0'] = args;
  if (name === 'hub') return hubRole(w);
  if (name === 'agents') return agentsRole(url, Number(n), Number(a), w);
  if (name === 'browsers') return browsersRole(url, Number(n), Number(a), Number(b), w);
  throw new Error(`no bench role ${name}`);
}
