/**
 * A lab machine's connection out to the hub, shared by the agent and by `punch --hub`: it says
 * hello with the token and room, joins (an agent `register`s, a reporter `report`s) once
 * welcomed, keeps the hub's clock offset so events carry the hub's time, and reconnects with
 * backoff when the hub goes away. It gives up only on a wrong token or when another agent takes
 * its role; every message from the hub passes src/protocol's schema first.
 */
import WebSocket from 'ws';
import { LIMITS, PROTOCOL_VERSION } from '../../src/protocol/errors.ts';
import type { AgentRole } from '../../src/protocol/fields.ts';
import { parseHubMessage } from '../../src/protocol/messages.ts';
import type { ClientMessage, HubMessage } from '../../src/protocol/messages.ts';

/** How to reach the hub and what to join as. */
export interface HubLinkOptions {
  readonly hub: string;
  readonly token?: string | undefined;
  /** The lab's room on a shared hub (none: the default room). */
  readonly room?: string | undefined;
  readonly role: AgentRole;
  /** The message that joins once welcomed (`register` or `report`). */
  readonly join: ClientMessage;
  /** Reconnection delays: first and largest (ms). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  readonly log?: (line: string) => void;
  /** Every other message from the hub (`run`, `error`, ...). */
  readonly onMessage?: (m: HubMessage) => void;
}

/** A live link. */
export interface HubLink {
  /** Resolves the first time the hub confirms the join. */
  readonly joined: Promise<void>;
  /** Resolves when the link gives up (wrong token, replaced, stopped) with the reason. */
  readonly gaveUp: Promise<string>;
  /** Sends when connected; dropped otherwise (the caller's events are live, not queued). */
  send(m: ClientMessage): void;
  /** Ms on the hub's clock. */
  t(): number;
  /** Whether the hub has confirmed the join on the current connection. */
  joinedNow(): boolean;
  /** Closes the connection; no reconnection after. */
  stop(reason?: string): Promise<void>;
}

/** What a newcomer should check after a connection error. */
function hint(message: string): string {
  if (/Unexpected server response: 40[04]/.test(message)) {
    return ' (is it the hub URL the server printed, ending in /hub?)';
  }
  if (/Unexpected server response: 403/.test(message)) return ' (the hub refused this Origin)';
  if (/ECONNREFUSED/.test(message)) return ' (is `agujero server` running there?)';
  return '';
}

/** Opens the link; it keeps trying to reach the hub until stopped or refused. */
export function openHubLink(o: HubLinkOptions): HubLink {
  const log = o.log ?? (() => undefined);
  const retryMs = o.retryMs ?? 250;
  const maxRetryMs = o.maxRetryMs ?? 5000;
  let ws: WebSocket | undefined;
  let stopped = false;
  let joinedNow = false;
  let delay = retryMs;
  let offset = 0; // hub clock - local clock
  let timer: NodeJS.Timeout | undefined;
  let onJoined!: () => void;
  const joined = new Promise<void>((r) => (onJoined = r));
  let giveUp!: (why: string) => void;
  const gaveUp = new Promise<string>((r) => (giveUp = r));
  const refusedToken = 'the hub refused the token';
  const replaced = `another ${o.role} agent connected to the hub`;

  const send = (m: ClientMessage): void => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
  };

  function finish(why: string): void {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    ws?.close(1000, 'leaving');
    giveUp(why);
  }

  function onMessage(m: HubMessage): void {
    if (m.type === 'welcome') {
      offset = m.clock - performance.now();
      return send(o.join);
    }
    if (m.type === 'registered') {
      delay = retryMs;
      joinedNow = true;
      onJoined();
    }
    if (m.type === 'error') {
      log(`hub: ${m.code}: ${m.message}`);
      if (m.code === 'replaced') finish(replaced);
      if (m.code === 'unauthorized') finish(refusedToken);
    }
    o.onMessage?.(m);
  }

  function connect(): void {
    if (stopped) return;
    const socket = new WebSocket(o.hub, {
      maxPayload: LIMITS.maxFrameBytes,
      handshakeTimeout: 5000,
    });
    ws = socket;
    socket.on('open', () => {
      log(`connected to ${o.hub}${o.room ? ` (room ${o.room})` : ''}`);
      send({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        ...(o.token ? { token: o.token } : {}),
        ...(o.room ? { room: o.room } : {}),
      });
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const parsed = parseHubMessage(data.toString());
      if (!parsed.ok) return log(`refused a message from the hub: ${parsed.error.message}`);
      onMessage(parsed.message);
    });
    socket.on('error', (e) => log(`hub ${o.hub}: ${e.message}${hint(e.message)}`));
    socket.on('close', (code, reason) => {
      joinedNow = false;
      if (ws !== socket || stopped) return;
      if (code === 4401) return finish(refusedToken);
      if (code === 4000) return finish(replaced);
      const why = reason.length ? ` ${reason.toString()}` : '';
      log(`disconnected (${code}${why}); retrying in ${delay} ms`);
      timer = setTimeout(connect, delay);
      delay = Math.min(maxRetryMs, delay * 2);
    });
  }

  connect();
  return {
    joined,
    gaveUp,
    send,
    t: () => Math.max(0, Math.round((performance.now() + offset) * 1000) / 1000),
    joinedNow: () => joinedNow,
    stop: async (reason = 'stopped') => {
      const socket = ws;
      finish(reason);
      if (socket && socket.readyState !== WebSocket.CLOSED) {
        await new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          setTimeout(() => (socket.terminate(), resolve()), 1000).unref();
        });
      }
    },
  };
}
