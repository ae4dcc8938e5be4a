/**
 * How `netns up --live` knows the live lab works: it connects to the hub from this machine as a
 * browser would (hello with the token, subscribe) and waits, bounded in time, until every role
 * has an agent; and it reads, in the Server's namespace, the addresses the hub's TCP connections
 * come from (`ss`), which are the NAT routers' public addresses when the agents came through them.
 */
import WebSocket from 'ws';
import type { AgentInfo } from '../../src/protocol/messages.ts';
import { PROTOCOL_VERSION } from '../../src/protocol/errors.ts';
import { NetnsError } from './errors.ts';
import { execIn } from './exec.ts';

/** Options of `waitForAgents`. */
export interface AgentsWait {
  /** ws://127.0.0.1:P/hub */
  readonly url: string;
  readonly token: string;
  /** The Origin to say, one the hub accepts. */
  readonly origin: string;
  readonly roles: readonly string[];
  readonly timeoutMs: number;
  /** Why to give up early (a process died): checked every 100 ms. */
  readonly failed?: () => string | undefined;
}

/**
 * Resolves with the agents once every role in `roles` is registered at the hub; rejects with
 * NetnsError 'timeout' (naming what was missing) after `timeoutMs`, or at once when `failed` says.
 */
export function waitForAgents(o: AgentsWait): Promise<readonly AgentInfo[]> {
  return new Promise((resolve, reject) => {
    let agents: readonly AgentInfo[] = [];
    let ws: WebSocket | undefined;
    let settled = false;
    const finish = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      ws?.terminate();
      if (error) reject(error);
      else resolve(agents);
    };
    const missing = (): string[] => o.roles.filter((r) => !agents.some((a) => a.role === r));
    const timer = setTimeout(() => {
      const why = o.failed?.() ?? `no ${missing().join(' or ')} agent at ${o.url}`;
      finish(new NetnsError('timeout', `after ${o.timeoutMs} ms: ${why}`));
    }, o.timeoutMs);
    const poll = setInterval(() => {
      const why = o.failed?.();
      if (why) finish(new NetnsError('command-failed', why));
    }, 100);
    const open = (): void => {
      if (settled) return;
      ws = new WebSocket(o.url, { origin: o.origin, handshakeTimeout: 2_000 });
      ws.on('open', () =>
        ws?.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, token: o.token })),
      );
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; agents?: AgentInfo[] };
        if (m.type === 'welcome') ws?.send(JSON.stringify({ type: 'subscribe' }));
        if (m.type === 'agents' && m.agents) agents = m.agents;
        if (missing().length === 0) finish(undefined);
      });
      ws.on('error', () => undefined);
      // the hub may not listen yet, or restart: try again, at most every 200 ms until the deadline
      ws.on('close', () => setTimeout(open, 200));
    };
    open();
  });
}

/**
 * The remote ends of the established TCP connections to `port` inside namespace `ns`, as
 * "ip:port" (what the hub there sees its clients as).
 */
export async function tcpPeers(ns: string, port: number): Promise<string[]> {
  const r = await execIn(ns, ['ss', '-Htn', 'state', 'established', `( sport = :${port} )`]);
  if (!r.ok) return [];
  return r.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 4)
    .map((cols) => cols[cols.length - 1] ?? '');
}
