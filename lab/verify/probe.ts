/**
 * The lab's socket holder inside one namespace: a small Node program (fixed text, run with
 * `node -e` inside `ip netns exec`) that binds unconnected UDP sockets on request, sends from
 * them, and reports every datagram it receives with its source, one JSON line each, so a case
 * sees exactly what arrived and from where. Unconnected like `nc -klu`: the kernel's socket
 * filter never hides what the NAT let through.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { inNamespace } from '../netns/exec.ts';
import { NetnsError } from '../netns/errors.ts';

/** The program: commands on stdin ({seq, op, ...}), answers and arrivals on stdout. */
const PROGRAM = String.raw`
const dgram = require('node:dgram');
const socks = new Map();
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  let m;
  try { m = JSON.parse(line); } catch { return out({ err: 'bad json' }); }
  if (m.op === 'bind') {
    const s = dgram.createSocket('udp4');
    s.on('message', (b, r) => out({ rx: b.toString(), from: r.address + ':' + r.port, local: m.ip + ':' + m.port }));
    s.once('error', (e) => out({ seq: m.seq, err: String(e.message) }));
    s.bind(m.port, m.ip, () => { socks.set(m.ip + ':' + m.port, s); out({ seq: m.seq }); });
  } else if (m.op === 'send') {
    const s = socks.get(m.key);
    if (!s) return out({ seq: m.seq, err: 'no socket ' + m.key });
    s.send(m.payload, m.port, m.ip, (e) => out(e ? { seq: m.seq, err: e.message } : { seq: m.seq }));
  } else if (m.op === 'closeAll') {
    for (const s of socks.values()) s.close();
    socks.clear();
    out({ seq: m.seq });
  } else out({ seq: m.seq, err: 'unknown op' });
});
process.stdin.on('end', () => process.exit(0));
`;

/** One datagram a probe received. */
export interface Arrival {
  readonly payload: string;
  readonly from: Endpoint;
  readonly local: Endpoint;
}

const endpoint = (text: string): Endpoint => {
  const i = text.lastIndexOf(':');
  return { ip: text.slice(0, i), port: Number(text.slice(i + 1)) };
};

/** A probe process in one namespace. */
export class Probe {
  private readonly child: ChildProcess;
  private seq = 0;
  private readonly pending = new Map<number, { ok: () => void; fail: (e: Error) => void }>();
  private readonly arrivals = new Map<string, Arrival>();
  private readonly waiters = new Set<() => void>();
  private stderr = '';

  private constructor(readonly ns: string) {
    const argv = inNamespace(ns, [process.execPath, '-e', PROGRAM]);
    this.child = spawn(argv[0] as string, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.child.stdin?.on('error', () => undefined);
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.onLine(line));
    this.child.on('close', () => {
      for (const p of this.pending.values())
        p.fail(new NetnsError('command-failed', `probe in ${ns} exited: ${this.stderr.trim()}`));
      this.pending.clear();
    });
  }

  /** Starts a probe in namespace `ns` and waits until it answers. */
  static async start(ns: string): Promise<Probe> {
    const p = new Probe(ns);
    await p.call({ op: 'closeAll' }, 10_000);
    return p;
  }

  /** Binds an unconnected UDP socket on `ip:port`. */
  bind(ip: string, port: number): Promise<void> {
    return this.call({ op: 'bind', ip, port });
  }

  /** Sends `payload` from the socket bound on `from` to `to`. */
  send(from: Endpoint, to: Endpoint, payload: string): Promise<void> {
    return this.call({
      op: 'send',
      key: `${from.ip}:${from.port}`,
      ip: to.ip,
      port: to.port,
      payload,
    });
  }

  /** Closes every socket and forgets what arrived. */
  async reset(): Promise<void> {
    await this.call({ op: 'closeAll' });
    this.arrivals.clear();
  }

  /** The arrival of `payload`, if it came. */
  arrival(payload: string): Arrival | undefined {
    return this.arrivals.get(payload);
  }

  /** Resolves when `payload` has arrived or `ms` have passed; true when it arrived. */
  async waitFor(payload: string, ms: number): Promise<boolean> {
    if (this.arrivals.has(payload)) return true;
    return new Promise((resolve) => {
      const check = (): void => {
        if (!this.arrivals.has(payload)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, ms);
      this.waiters.add(check);
    });
  }

  /** Ends the probe (closing stdin; SIGKILL if it lingers). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const closed = new Promise((r) => this.child.once('close', r));
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1_000);
    await closed;
    clearTimeout(timer);
  }

  private call(message: Record<string, unknown>, timeoutMs = 3_000): Promise<void> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(
          new NetnsError(
            'timeout',
            `probe in ${this.ns}: no answer to ${message.op} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.pending.set(seq, {
        ok: () => (clearTimeout(timer), resolve()),
        fail: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.stdin?.write(`${JSON.stringify({ ...message, seq })}\n`);
    });
  }

  private onLine(line: string): void {
    let m: { seq?: number; err?: string; rx?: string; from?: string; local?: string };
    try {
      m = JSON.parse(line) as typeof m;
    } catch {
      return;
    }
    if (m.rx !== undefined && m.from && m.local) {
      if (!this.arrivals.has(m.rx))
        this.arrivals.set(m.rx, {
          payload: m.rx,
          from: endpoint(m.from),
          local: endpoint(m.local),
        });
      for (const w of [...this.waiters]) w();
      return;
    }
    if (m.seq === undefined) return;
    const p = this.pending.get(m.seq);
    if (!p) return;
    this.pending.delete(m.seq);
    if (m.err) p.fail(new NetnsError('command-failed', `probe in ${this.ns}: ${m.err}`));
    else p.ok();
  }
}
