/**
 * The punch protocol's datagrams: one line of ASCII text each, so a student can type them with
 * `nc -u` and read them in a capture. Pure: parse never throws, format checks what it writes.
 *
 *   peer -> server   register NAME [PEER] [port=LOCAL]
 *   server -> peer   seen NAME IP:PORT [peer PEER IP:PORT [port=LOCAL]]    (what it saw of you,
 *                    and the peer's public endpoint once the peer registered; also pushed to a
 *                    waiting peer when its partner arrives)
 *   server -> peer   error TEXT
 *   peer <-> peer    punch FROM SEQ HEARD     (HEARD 1: FROM has received a packet from you)
 *                    keepalive FROM
 *                    chat FROM SEQ TEXT       got FROM SEQ      (a chat line and its receipt)
 *
 * `port=LOCAL` is the port the peer's socket is bound to: with the public port beside it, the
 * other side can tell whether the peer's NAT kept the port (preserve) or allocated another.
 */
import type { Endpoint } from '../model/endpoint.ts';
import { formatEndpoint, isIp } from '../model/endpoint.ts';

/** Largest datagram either side sends or reads (bytes); longer ones are refused unread. */
export const MAX_DATAGRAM = 512;
/** Longest chat text (characters). */
export const MAX_CHAT = 200;
/** Names: 1-32 letters, digits, dots, dashes, underscores. */
export const NAME = /^[A-Za-z0-9._-]{1,32}$/;
/** The UDP port the walkthrough's server listens on. */
export const RENDEZVOUS_PORT = 9000;

/** A peer's public endpoint as the server saw it, and the local port it said it bound. */
export interface SeenPeer {
  readonly name: string;
  readonly endpoint: Endpoint;
  readonly localPort?: number;
}

/** Every datagram of the protocol. */
export type RendezvousMessage =
  | {
      readonly type: 'register';
      readonly name: string;
      readonly peer?: string;
      readonly localPort?: number;
    }
  | {
      readonly type: 'seen';
      readonly name: string;
      readonly endpoint: Endpoint;
      readonly peer?: SeenPeer;
    }
  | { readonly type: 'error'; readonly text: string }
  | { readonly type: 'punch'; readonly from: string; readonly seq: number; readonly heard: boolean }
  | { readonly type: 'keepalive'; readonly from: string }
  | { readonly type: 'chat'; readonly from: string; readonly seq: number; readonly text: string }
  | { readonly type: 'got'; readonly from: string; readonly seq: number };

/** A parse result: the message, or why the datagram is not one. */
export type Parsed =
  | { readonly ok: true; readonly message: RendezvousMessage }
  | { readonly ok: false; readonly error: string };

const PRINTABLE = /^[\x20-\x7e]*$/;
const CHAT_TEXT = /^[^\p{Cc}]+$/u;
const SEQ_MAX = 1_000_000;

const fail = (error: string): Parsed => ({ ok: false, error });
const isName = (s: string | undefined): s is string => s !== undefined && NAME.test(s);
const isPort = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 65535;

function port(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return isPort(n) ? n : undefined;
}

function endpoint(text: string | undefined): Endpoint | undefined {
  const m = text === undefined ? null : /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(text);
  const p = port(m?.[2]);
  return m && isIp(m[1] as string) && p !== undefined ? { ip: m[1] as string, port: p } : undefined;
}

function seq(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,7}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= SEQ_MAX ? n : undefined;
}

/** `port=N` as an optional last token. */
function localPort(text: string | undefined): { ok: boolean; port?: number } {
  if (text === undefined) return { ok: true };
  const p = text.startsWith('port=') ? port(text.slice(5)) : undefined;
  return p === undefined ? { ok: false } : { ok: true, port: p };
}

const USAGE: Record<RendezvousMessage['type'], string> = {
  register: 'register NAME [PEER] [port=LOCAL]',
  seen: 'seen NAME IP:PORT [peer PEER IP:PORT [port=LOCAL]]',
  error: 'error TEXT',
  punch: 'punch FROM SEQ 0|1',
  keepalive: 'keepalive FROM',
  chat: 'chat FROM SEQ TEXT',
  got: 'got FROM SEQ',
};

function parseLine(line: string): RendezvousMessage | string {
  const words = line.split(' ').filter((w) => w !== '');
  const [type, a, b, c, d, e, f, ...rest] = words;
  const usage = `expected "${USAGE[type as RendezvousMessage['type']] ?? ''}"`;
  switch (type) {
    case 'register': {
      const peerGiven = b !== undefined && !b.startsWith('port=');
      const lp = localPort(peerGiven ? c : b);
      if (!isName(a) || (peerGiven && !isName(b)) || !lp.ok || (peerGiven ? d : c) !== undefined)
        return usage;
      return {
        type,
        name: a,
        ...(peerGiven ? { peer: b } : {}),
        ...(lp.port === undefined ? {} : { localPort: lp.port }),
      };
    }
    case 'seen': {
      const you = endpoint(b);
      if (!isName(a) || !you) return usage;
      if (c === undefined) return { type, name: a, endpoint: you };
      const them = endpoint(e);
      const lp = localPort(f);
      if (c !== 'peer' || !isName(d) || !them || !lp.ok || rest.length > 0) return usage;
      const peer = {
        name: d,
        endpoint: them,
        ...(lp.port === undefined ? {} : { localPort: lp.port }),
      };
      return { type, name: a, endpoint: you, peer };
    }
    case 'error':
      return words.length > 1 ? { type, text: words.slice(1).join(' ') } : usage;
    case 'punch': {
      const n = seq(b);
      if (!isName(a) || n === undefined || (c !== '0' && c !== '1') || d !== undefined)
        return usage;
      return { type, from: a, seq: n, heard: c === '1' };
    }
    case 'keepalive':
      return isName(a) && b === undefined ? { type, from: a } : usage;
    case 'chat': {
      const n = seq(b);
      const text = line.split(' ').slice(3).join(' ');
      if (!isName(a) || n === undefined || text.trim() === '' || text.length > MAX_CHAT)
        return usage;
      return { type, from: a, seq: n, text };
    }
    case 'got': {
      const n = seq(b);
      return isName(a) && n !== undefined && c === undefined ? { type, from: a, seq: n } : usage;
    }
    default:
      return `unknown message ${JSON.stringify((type ?? '').slice(0, 16))}`;
  }
}

/** Parses one datagram; never throws. A trailing newline (from `echo | nc`) is allowed. */
export function parseRendezvous(bytes: Uint8Array): Parsed {
  if (bytes.length === 0) return fail('empty datagram');
  if (bytes.length > MAX_DATAGRAM)
    return fail(`datagram of ${bytes.length} bytes (at most ${MAX_DATAGRAM})`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('not UTF-8 text');
  }
  const line = text.replace(/\r?\n$/, '');
  if (line.includes('\n') || line.includes('\r')) return fail('more than one line');
  const head = line.split(' ', 1)[0] ?? '';
  if (head !== 'chat' && !PRINTABLE.test(line)) return fail('not printable ASCII');
  if (head === 'chat' && !CHAT_TEXT.test(line)) return fail('control characters in a chat line');
  const r = parseLine(line);
  return typeof r === 'string' ? fail(r) : { ok: true, message: r };
}

/** The text of a message (one line, no newline); throws on a message that would not parse. */
export function formatRendezvous(m: RendezvousMessage): string {
  const line = ((): string => {
    switch (m.type) {
      case 'register':
        return ['register', m.name, m.peer, m.localPort && `port=${m.localPort}`]
          .filter(Boolean)
          .join(' ');
      case 'seen': {
        const peer = m.peer && [
          'peer',
          m.peer.name,
          formatEndpoint(m.peer.endpoint),
          m.peer.localPort && `port=${m.peer.localPort}`,
        ];
        return ['seen', m.name, formatEndpoint(m.endpoint), ...(peer || [])]
          .filter(Boolean)
          .join(' ');
      }
      case 'error':
        return `error ${m.text}`;
      case 'punch':
        return `punch ${m.from} ${m.seq} ${m.heard ? 1 : 0}`;
      case 'keepalive':
        return `keepalive ${m.from}`;
      case 'chat':
        return `chat ${m.from} ${m.seq} ${m.text}`;
      case 'got':
        return `got ${m.from} ${m.seq}`;
    }
  })();
  const check = parseRendezvous(encodeLine(line));
  if (!check.ok) throw new Error(`cannot send "${line.slice(0, 80)}": ${check.error}`);
  return line;
}

const encodeLine = (line: string): Uint8Array => new TextEncoder().encode(line);

/** The datagram of a message: its line and a newline, as `echo ... | nc -u` sends. */
export function encodeRendezvous(m: RendezvousMessage): Uint8Array {
  return encodeLine(`${formatRendezvous(m)}\n`);
}
