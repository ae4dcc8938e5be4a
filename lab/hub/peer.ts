/**
 * What the hub knows of each connection (a `Peer`: new, then an agent, a reporter or a browser,
 * in its room, with the addresses the lab knows an agent by), what it counts, and the token
 * comparison every hello goes through.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { ErrorCode } from '../../src/protocol/errors.ts';
import type { AgentRole } from '../../src/protocol/fields.ts';
import type { NcInfo, Saw } from '../../src/protocol/messages.ts';
import type { RateLimiter } from './rate-limit.ts';

/** One connection and what it has become. */
export interface Peer {
  readonly ws: WebSocket;
  /** The TCP socket under `ws`, when the hub passed it (fan-out corks it). */
  readonly socket?: Socket | undefined;
  /** A reporter streams events as its role (`punch --hub`) but takes no steps. */
  kind: 'new' | 'authed' | 'agent' | 'reporter' | 'browser';
  /** The lab it joined at hello (DEFAULT_ROOM when it named none). */
  room: string;
  role?: AgentRole;
  nc?: NcInfo;
  host?: string;
  /** Agent: the addresses it reported (its LAN side). */
  lan?: readonly string[];
  /** The address its TCP connection came from (a NAT's public one, across a NAT). */
  readonly remoteIp?: string | undefined;
  /** Agent: what the Server's rendezvous saw of it, most recent last. */
  saw: Saw[];
  since: number;
  badTokens: number;
  limiter: RateLimiter;
  /** Agent: request ids forwarded and not yet reported done, with their deadlines. */
  readonly running: Map<string, number>;
}

/** What the hub has seen. */
export interface HubCounts {
  connections: number;
  messages: number;
  eventsIn: number;
  eventsOut: number;
  stepsForwarded: number;
  /** Messages refused, by error code (handshakes refused by Origin as `origin`). */
  refused: Partial<Record<ErrorCode | 'origin', number>>;
  /** Events not sent to a browser that was not reading. */
  slowSkips: number;
}

/** Compares tokens in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A connection that has not said hello yet (`remoteIp` read from its TCP socket). */
export function newPeer(
  ws: WebSocket,
  socket: Socket | undefined,
  room: string,
  since: number,
  limiter: RateLimiter,
): Peer {
  const remote = socket?.remoteAddress;
  return {
    ws,
    socket,
    kind: 'new',
    room,
    remoteIp: remote?.startsWith('::ffff:') ? remote.slice(7) : remote,
    saw: [],
    since,
    badTokens: 0,
    limiter,
    running: new Map(),
  };
}

/** Counts at zero. */
export function noCounts(): HubCounts {
  return {
    connections: 0,
    messages: 0,
    eventsIn: 0,
    eventsOut: 0,
    stepsForwarded: 0,
    refused: {},
    slowSkips: 0,
  };
}
