/**
 * The lab agent: connects out to the hub (so it works from behind a NAT), says hello with the
 * token, registers as alice or bob, and runs each `run` it is sent, once the message has passed
 * the same schema the hub checks, streaming the step's events back. It reconnects with backoff
 * when the hub goes away, and gives up only on a wrong token or when another agent takes its role.
 */
import { hostname } from 'node:os';
import WebSocket from 'ws';
import { LIMITS, PROTOCOL_VERSION } from '../../src/protocol/errors.ts';
import type { LabEvent } from '../../src/protocol/events.ts';
import type { AgentRole } from '../../src/protocol/fields.ts';
import { parseHubMessage } from '../../src/protocol/messages.ts';
import type { ClientMessage, HubMessage, NcInfo } from '../../src/protocol/messages.ts';
import type { Step } from '../../src/protocol/steps.ts';
import { cappedEmit } from './context.ts';
import { stepCommandLine } from '../../src/protocol/steps.ts';
import { runStep } from './steps.ts';

/** How to run an agent. */
export interface AgentOptions {
  readonly hub: string;
  readonly token?: string;
  readonly role: AgentRole;
  /** Which nc to use (detected by the caller). */
  readonly nc: NcInfo;
  /** Reconnection delays: first and largest (ms). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** One line per thing worth telling the person running it. */
  readonly log?: (line: string) => void;
}

/** A running agent. */
export interface Agent {
  /** Resolves the first time the hub confirms the registration. */
  readonly registered: Promise<void>;
  /** Resolves when the agent gives up (wrong token, replaced) with the reason. */
  readonly gaveUp: Promise<string>;
  /** Steps started so far. */
  steps(): number;
  /** Stops every step and the connection; no reconnection after. */
  stop(): Promise<void>;
}

/** Starts an agent; it keeps trying to reach the hub until stopped. */
export function startAgent(o: AgentOptions): Agent {
  const log = o.log ?? (() => undefined);
  const retryMs = o.retryMs ?? 250;
  const maxRetryMs = o.maxRetryMs ?? 5000;
  const host =
    hostname()
      .replace(/[^\w.-]/g, '')
      .slice(0, 64) || undefined;
  const running = new Set<AbortController>();
  let ws: WebSocket | undefined;
  let stopped = false;
  let delay = retryMs;
  let offset = 0; // hub clock - local clock
  let packetId = 0;
  let started = 0;
  let timer: NodeJS.Timeout | undefined;
  let onRegistered!: () => void;
  const registered = new Promise<void>((r) => (onRegistered = r));
  let giveUp!: (why: string) => void;
  const gaveUp = new Promise<string>((r) => (giveUp = r));

  const send = (m: ClientMessage): void => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
  };
  const t = (): number => Math.max(0, Math.round((performance.now() + offset) * 1000) / 1000);

  function run(id: string, step: Step): void {
    if (running.size >= LIMITS.maxRunningSteps) {
      const e: LabEvent = {
        type: 'observed',
        t: t(),
        node: o.role,
        kind: 'step-done',
        request: id,
        ok: false,
        code: null,
        text: 'busy',
      };
      return send({ type: 'event', request: id, event: e });
    }
    const abort = new AbortController();
    running.add(abort);
    const index = started++;
    log(`run ${id}: ${stepCommandLine(step)}`);
    const emit = cappedEmit((event) => send({ type: 'event', request: id, event }), o.role, t);
    const ctx = {
      role: o.role,
      nc: o.nc,
      t,
      nextPacketId: () => ++packetId,
      emit,
      signal: abort.signal,
    };
    void runStep(ctx, id, index, step).then((r) => {
      running.delete(abort);
      log(`done ${id}: ${r.ok ? 'ok' : `failed (${r.reason ?? 'no reason'})`}`);
    });
  }

  function onMessage(m: HubMessage): void {
    switch (m.type) {
      case 'welcome':
        offset = m.clock - performance.now();
        return send({ type: 'register', role: o.role, nc: o.nc, ...(host ? { host } : {}) });
      case 'registered':
        delay = retryMs;
        log(`registered as ${m.role} (nc: ${o.nc.variant}${o.nc.keep ? ', -k' : ''})`);
        return onRegistered();
      case 'run':
        return run(m.id, m.step);
      case 'error':
        log(`hub: ${m.code}: ${m.message}`);
        if (m.code === 'replaced') finish(`another ${o.role} agent connected to the hub`);
        if (m.code === 'unauthorized') finish('the hub refused the token');
        return;
      default:
        return;
    }
  }

  function finish(why: string): void {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    for (const a of running) a.abort();
    ws?.close(1000, 'agent stopping');
    giveUp(why);
  }

  function connect(): void {
    if (stopped) return;
    const socket = new WebSocket(o.hub, {
      maxPayload: LIMITS.maxFrameBytes,
      handshakeTimeout: 5000,
    });
    ws = socket;
    socket.on('open', () => {
      log(`connected to ${o.hub}`);
      send({ type: 'hello', protocol: PROTOCOL_VERSION, ...(o.token ? { token: o.token } : {}) });
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const parsed = parseHubMessage(data.toString());
      if (!parsed.ok) return log(`refused a message from the hub: ${parsed.error.message}`);
      onMessage(parsed.message);
    });
    socket.on('error', (e) => log(`hub ${o.hub}: ${e.message}`));
    socket.on('close', (code, reason) => {
      if (ws !== socket || stopped) return;
      if (code === 4401) return finish('the hub refused the token');
      if (code === 4000) return finish(`another ${o.role} agent connected to the hub`);
      log(
        `disconnected (${code}${reason.length ? ` ${reason.toString()}` : ''}); retrying in ${delay} ms`,
      );
      timer = setTimeout(connect, delay);
      delay = Math.min(maxRetryMs, delay * 2);
    });
  }

  connect();
  return {
    registered,
    gaveUp,
    steps: () => started,
    stop: async () => {
      const socket = ws;
      finish('stopped');
      if (socket && socket.readyState !== WebSocket.CLOSED) {
        await new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          setTimeout(() => (socket.terminate(), resolve()), 1000).unref();
        });
      }
    },
  };
}
