/**
 * The hub's fan-out benchmark, bounded and on loopback: the hub in its own process; N agent-side
 * connections (alice and bob registered and streaming events, the rest said hello and ping) and
 * N browsers subscribed. Each event carries its send time; every browser's receipt is one sample.
 * Reports p50/p99 fan-out latency (target at 100 + 100: p99 under 50 ms), ping p99, and the hub's
 * heap per connection (its growth after connecting, after a GC, divided by 2N; RSS moves too
 * much at this size to divide). Returns numbers.
 *
 * Run alone: `npx tsx bench/hub.bench.ts` (the child mode, `child`, is the hub process).
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';

const TOKEN = 'bench-token-0001';
/** Events each registered agent sends, and the pause between them (ms). */
const EVENTS = 200;
const PACE_MS = 10;
/** Unsampled events first, so compilation is not measured. */
const WARMUP = 200;
const DEADLINE_MS = 30_000;

type Mem = { heap: number };

/** The hub process: prints its URL, then answers `mem` on stdin with its memory. */
async function child(): Promise<void> {
  const { startHub } = await import('../lab/hub/hub.ts');
  const hub = await startHub({ token: TOKEN, rate: 1000, burst: 2000 });
  const mem = (): Mem => {
    globalThis.gc?.();
    return { heap: process.memoryUsage().heapUsed };
  };
  console.log(JSON.stringify({ url: hub.url, ...mem() }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'mem') console.log(JSON.stringify(mem()));
  }
  await hub.stop();
}

function open(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
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

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN) * 100) / 100;
};

/** One round with n agent-side and n browser connections. */
export async function fanOut(n: number): Promise<Record<string, number>> {
  const hubProc = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), 'child'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: hubProc.stdout! })[Symbol.asyncIterator]();
  const read = async (): Promise<Record<string, unknown>> =>
    JSON.parse((await lines.next()).value as string);
  const sockets: WebSocket[] = [];
  const killer = setTimeout(() => hubProc.kill('SIGKILL'), DEADLINE_MS + 10_000);
  try {
    const start = (await read()) as { url: string } & Mem;
    const hello = { type: 'hello', protocol: 1, token: TOKEN };
    const agents: WebSocket[] = [];
    for (let i = 0; i < n; i++) {
      const ws = await open(start.url);
      sockets.push(ws);
      await ask(ws, hello, 'welcome');
      if (i < 2) {
        const role = i === 0 ? 'alice' : 'bob';
        await ask(
          ws,
          { type: 'register', role, nc: { variant: 'builtin', keep: true } },
          'registered',
        );
      }
      agents.push(ws);
    }
    const samples: number[] = [];
    const browsers: WebSocket[] = [];
    for (let i = 0; i < n; i++) {
      const ws = await open(start.url, 'http://127.0.0.1:5173');
      sockets.push(ws);
      await ask(ws, hello, 'welcome');
      await ask(ws, { type: 'subscribe' }, 'agents');
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { type: string; event?: { text?: string } };
        const sentAt = Number(m.event?.text);
        if (m.type === 'event' && Number.isFinite(sentAt)) samples.push(performance.now() - sentAt);
      });
      browsers.push(ws);
    }
    hubProc.stdin!.write('mem\n');
    const connected = (await read()) as Mem;
    // warm-up (not sampled): the hub's and clients' code paths compiled before measuring
    for (let k = 0; k < WARMUP; k++) {
      const event = { type: 'output', t: 0, actor: 'alice', stream: 'stdout', text: 'warm-up' };
      agents[0]!.send(JSON.stringify({ type: 'event', event }));
      await new Promise((r) => setTimeout(r, 2));
    }
    await new Promise((r) => setTimeout(r, 300));
    samples.length = 0;
    const pings: number[] = [];
    const idle = agents.slice(2);
    const expected = 2 * EVENTS * n;
    const deadline = performance.now() + DEADLINE_MS;
    for (let k = 0; k < EVENTS && performance.now() < deadline; k++) {
      for (const [i, role] of ['alice', 'bob'].entries()) {
        const event = {
          type: 'output',
          t: k,
          actor: role,
          stream: 'stdout',
          text: String(performance.now()),
        };
        agents[i]!.send(JSON.stringify({ type: 'event', event }));
      }
      const pinger = idle[k % Math.max(1, idle.length)];
      if (pinger) {
        const sent = performance.now();
        void ask(pinger, { type: 'ping', id: `p${k}` }, 'pong').then(() =>
          pings.push(performance.now() - sent),
        );
      }
      await new Promise((r) => setTimeout(r, PACE_MS));
    }
    while (samples.length < expected && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return {
      [`${n}+${n} fan-out p50 (ms)`]: quantile(samples, 0.5),
      [`${n}+${n} fan-out p99 (ms)`]: quantile(samples, 0.99),
      [`${n}+${n} events delivered (of ${expected})`]: samples.length,
      [`${n}+${n} ping p99 (ms)`]: quantile(pings, 0.99),
      [`${n}+${n} machine load average, 1 min (cores: ${cpus().length})`]: loadavg()[0]!,
      [`${n}+${n} hub heap per connection (KiB)`]:
        Math.round(((connected.heap - start.heap) / (2 * n) / 1024) * 10) / 10,
    };
  } finally {
    clearTimeout(killer);
    for (const ws of sockets) ws.terminate();
    hubProc.stdin!.end();
    hubProc.kill();
  }
}

/** 20 + 20, then the 100 + 100. */
export async function run(): Promise<Record<string, number>> {
  return { ...(await fanOut(20)), ...(await fanOut(100)) };
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  if (process.argv[2] === 'child') await child();
  else console.log(await run());
}
