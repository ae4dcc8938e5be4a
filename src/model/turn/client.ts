/**
 * A TURN client session on one simulated host: one UDP socket toward the server (the 5-tuple
 * that names the allocation), the requests it has in flight, and what it learnt (relayed
 * address, its own address as the server saw it, the last peer that wrote). `turn allocate`
 * creates it; `turn permit` and `turn send` find it by host and use its socket.
 */
import type { Endpoint } from '../endpoint.ts';
import { endpointKey, formatEndpoint } from '../endpoint.ts';
import type { Host } from '../host.ts';
import { payloadText } from '../packet.ts';
import type { Rng } from '../rng.ts';
import type { UdpSocket } from '../socket.ts';
import type { StunAttribute } from '../stun/attributes.ts';
import { getAttribute } from '../stun/attributes.ts';
import { bytesToHex } from '../stun/bytes.ts';
import type { StunMessage } from '../stun/message.ts';
import {
  METHOD,
  TURN_ATTRIBUTE as T,
  encodeTurn,
  errorText,
  parseTurn,
  readData,
  readU32Attribute,
  readXorAddress,
  transactionId,
} from './wire.ts';

/** How a session reports: lines for the terminal, observations for `${HOST.turn.*}`. */
export interface SessionOutput {
  print(text: string, stream?: 'stdout' | 'stderr'): void;
  observe(field: 'relay' | 'mapped' | 'peer', e: Endpoint): void;
}

/** Retransmissions of a request (RFC 8489 §6.2.1 uses 500 ms doubling; three tries here). */
export const RETRIES = [500, 1000, 2000] as const;

type Answer = (m: StunMessage | undefined) => void;

/** Live sessions, one per host (WeakMap: a run's hosts go with the run). */
const SESSIONS = new WeakMap<Host, TurnSession>();

/** The session running on `host`, if any. */
export function sessionOn(host: Host): TurnSession | undefined {
  const s = SESSIONS.get(host);
  return s && !s.socket.isClosed ? s : undefined;
}

/** One host's TURN client. */
export class TurnSession {
  relayed: Endpoint | undefined;
  mapped: Endpoint | undefined;
  private readonly pending = new Map<string, Answer>();

  constructor(
    readonly host: Host,
    readonly socket: UdpSocket,
    readonly server: Endpoint,
    private readonly rng: Rng,
    private readonly after: (ms: number, fn: () => void) => void,
    private readonly out: SessionOutput,
  ) {
    SESSIONS.set(host, this);
    socket.onReceive((d) => this.receive(d.from, d.payload));
  }

  /** Sends a request, retransmitting until an answer; `done` gets it, or undefined on timeout. */
  request(method: number, attributes: StunAttribute[], done: Answer): void {
    const id = transactionId(this.rng);
    const key = bytesToHex(id);
    const bytes = encodeTurn('request', method, id, attributes);
    this.pending.set(key, done);
    const attempt = (i: number): void => {
      if (!this.pending.has(key) || this.socket.isClosed) return;
      if (i === RETRIES.length) {
        this.pending.delete(key);
        return done(undefined);
      }
      this.socket.send(bytes, this.server);
      this.after(RETRIES[i] as number, () => attempt(i + 1));
    };
    attempt(0);
  }

  /** Sends a Send indication (XOR-PEER-ADDRESS and DATA); no answer comes back. */
  indicate(attributes: StunAttribute[]): void {
    const id = transactionId(this.rng);
    this.socket.send(encodeTurn('indication', METHOD.SEND, id, attributes), this.server);
  }

  /** Runs the Allocate transaction and reports the relayed address. */
  allocate(attributes: StunAttribute[], done: (ok: boolean) => void): void {
    this.request(METHOD.ALLOCATE, attributes, (m) => {
      if (!m) return this.fail('no answer from the server', done);
      if (m.class === 'error') return this.fail(`allocation refused: ${errorText(m)}`, done);
      const relayed = readXorAddress(m, T.XOR_RELAYED_ADDRESS);
      const mapped = getAttribute(m, 'xor-mapped-address')?.address;
      if (!relayed) return this.fail('no XOR-RELAYED-ADDRESS in the answer', done);
      this.relayed = relayed;
      this.out.observe('relay', relayed);
      const lifetime = readU32Attribute(m, T.LIFETIME) ?? 0;
      let line = `relayed address ${formatEndpoint(relayed)} (lifetime ${lifetime} s)`;
      if (mapped?.family === 'ipv4') {
        this.mapped = { ip: mapped.ip, port: mapped.port };
        this.out.observe('mapped', this.mapped);
        line += `; the server sees you at ${formatEndpoint(this.mapped)}`;
      }
      this.out.print(`${line}\n`);
      done(true);
    });
  }

  private fail(why: string, done: (ok: boolean) => void): void {
    this.out.print(`turn: ${why}\n`, 'stderr');
    this.socket.close();
    done(false);
  }

  private receive(from: Endpoint, bytes: Uint8Array): void {
    if (endpointKey(from) !== endpointKey(this.server)) return;
    const m = parseTurn(bytes);
    if (!m) return;
    if (m.class === 'indication' && m.method === METHOD.DATA) {
      const peer = readXorAddress(m, T.XOR_PEER_ADDRESS);
      const data = readData(m);
      if (!peer || !data) return;
      this.out.observe('peer', peer);
      const text = payloadText(data);
      this.out.print(
        `from ${formatEndpoint(peer)} via the relay: ${text.endsWith('\n') ? text : `${text}\n`}`,
      );
      return;
    }
    const key = bytesToHex(m.transactionId);
    const done = this.pending.get(key);
    if (!done) return;
    this.pending.delete(key);
    done(m);
  }
}
