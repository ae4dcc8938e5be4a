/**
 * What the Server saw, on three machines: `agujero netns up --live` (Alice behind a
 * port-restricted cone, Bob behind a symmetric NAT), a client on the host's loopback asks each
 * agent in turn for `echo "toc" | nc -p PORT -u SERVER 9000` and times the step from its request
 * to the agents list naming what the rendezvous saw of that port (the agent starts nc, the
 * datagram crosses the NAT, the hub pairs the agent's `sent` with the arrival). Target: p95 under
 * 100 ms. Needs root. Prints nothing; returns the numbers.
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { run as exec } from '../lab/netns/exec.ts';
import { liveDir } from '../lab/netns/state.ts';
import type { TopologyState } from '../lab/netns/state.ts';
import type { HubMessage } from '../src/protocol/messages.ts';

const BIN = new URL('../bin/agujero.cjs', import.meta.url).pathname;
const SENDS = 40;
const NAME = `bs${process.pid}`;

/** Milliseconds from each step's request to the list naming what the Server saw, by role. */
function measure(url: string, token: string): Promise<Record<'alice' | 'bob', number[]>> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin: `http://127.0.0.1:${new URL(url).port}` });
    const times = { alice: [] as number[], bob: [] as number[] };
    let pending: { role: 'alice' | 'bob'; port: number; at: number } | undefined;
    let i = 0;
    const timer = setTimeout(
      () => (ws.terminate(), reject(new Error('no answer in 60 s'))),
      60_000,
    );
    const next = (): void => {
      if (i >= SENDS) {
        clearTimeout(timer);
        ws.close();
        return resolve(times);
      }
      const role = i % 2 ? 'bob' : 'alice';
      pending = { role, port: 40_000 + i, at: performance.now() };
      const to = { ip: '203.0.113.162', port: 9000 };
      const step = { template: 'nc-send', from: role, port: pending.port, to, text: 'toc' };
      ws.send(JSON.stringify({ type: 'step', id: `b${i++}`, step }));
    };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 1, token })));
    ws.on('error', reject);
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as HubMessage;
      if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'subscribe' }));
      else if (m.type === 'agents' && i === 0) next();
      else if (m.type === 'agents' && pending) {
        const p = pending;
        const a = m.agents.find((x) => x.role === p.role);
        if (!a?.saw?.some((s) => s.local === p.port)) return;
        times[p.role].push(performance.now() - p.at);
        pending = undefined;
        setTimeout(next, 20);
      }
    });
  });
}

const pick = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] as number) * 10) / 10;
};

export async function run(): Promise<Record<string, number>> {
  const up = await run_([
    ...['netns', 'up', '--alice', 'port-restricted-cone', '--bob', 'symmetric'],
    ...['--live', '--hub-port', '0', '--name', NAME, '--json'],
  ]);
  try {
    if (up.code !== 0) throw new Error(`netns up --live: ${up.stderr.trim().split('\n').at(-1)}`);
    const url = (JSON.parse(up.stdout) as TopologyState).live?.local ?? '';
    const token = readFileSync(`${liveDir(NAME)}/token`, 'utf8').trim();
    const t = await measure(url, token);
    const all = [...t.alice, ...t.bob];
    return {
      'sends (each agent in turn)': all.length,
      'alice (port-restricted) median ms': pick(t.alice, 0.5),
      'bob (symmetric) median ms': pick(t.bob, 0.5),
      'all p95 ms (target < 100)': pick(all, 0.95),
      'all max ms': pick(all, 1),
    };
  } finally {
    await run_(['netns', 'down', '--name', NAME]);
  }
}

function run_(args: string[]) {
  return exec([process.execPath, BIN, ...args], { timeoutMs: 60_000 });
}
