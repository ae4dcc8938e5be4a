/**
 * A lab machine's connection out to the hub, shared by the agent and by `punch --hub`: it says
 * hello with the token and room, joins (an agent `register`s, a reporter `report`s) once
 * welcomed, keeps the hub's clock offset so events carry the hub's time, and reconnects with
 * backoff when the hub cannot be reached or goes away (connection refused or reset, a timeout,
 * HTTP 5xx), one progress line per try. A permanent refusal ends it at once with a sentence naming
 * the fix (refusalText): the HTTP handshake refused (a wrong path, 401, 403, not a WebSocket
 * server), or the hub's error for a wrong token, another protocol version, a LAN claim that is not
 * a LAN address, or another agent taking its role. Every message from the hub passes src/protocol's
 * schema first.
 */
import WebSocket from 'ws';
import { LIMITS, PROTOCOL_VERSION } from '../../src/protocol/errors.ts';
import type { AgentRole } from '../../src/protocol/fields.ts';
import { parseHubMessage } from '../../src/protocol/messages.ts';
import type { ClientMessage, HubMessage } from '../../src/protocol/messages.ts';
import { httpRefusal, refusalText } from './refusal.ts';

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

/** What a newcomer should check after a connection error that may pass by itself. */
function hint(message: string): string {
  if (/ECONNREFUSED/.test(message)) return ' (is `agujero server` running there?)';
  if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|timed out/.test(message)) {
    return ' (is the address right, and the port open in its firewall?)';
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return ' (is the host name right?)';
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
  let tries = 0;

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
      const fatal = refusalText(m.code, m.message, o);
      if (fatal)
        finish(fatal); // the caller prints why it ended
      else log(`hub: ${m.code}: ${m.message}`);
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
    let problem: string | undefined; // why this try failed
    let refused: string | undefined; // a permanent refusal of the handshake
    let opened = false;
    socket.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      refused = httpRefusal(status, res.statusMessage ?? '', o.hub);
      problem ??= `HTTP ${status} ${res.statusMessage ?? ''}`.trim();
      socket.terminate();
    });
    socket.on('open', () => {
      opened = true;
      tries = 0;
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
    socket.on('error', (e) => void (problem ??= `${e.message}${hint(e.message)}`));
    socket.on('close', (code, reason) => {
      joinedNow = false;
      if (ws !== socket || stopped) return;
      if (refused) return finish(refused);
      if (code === 4401) return finish(refusalText('unauthorized', '', o)!);
      if (code === 4000) return finish(refusalText('replaced', '', o)!);
      tries++;
      const why = reason.length ? ` ${reason.toString()}` : '';
      const what = opened
        ? `disconnected from the hub (${code}${why})`
        : `cannot reach the hub at ${o.hub}: ${problem ?? `closed (${code}${why})`}`;
      log(`${what}; try ${tries + 1} in ${(delay / 1000).toFixed(delay < 1000 ? 2 : 0)} s`);
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
