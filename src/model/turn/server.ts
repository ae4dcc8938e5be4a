/**
 * A TURN server's logic (RFC 8656, UDP only, no authentication): allocations keyed by the
 * client's address as the server sees it, each with a relayed port and its permissions, and the
 * four methods a relayed conversation needs. Sockets and timers come from a `TurnIo`, so the
 * same logic runs as the simulated `turnserver` and in tests.
 *
 *   client ──Allocate──────────► server:3478       (reply: XOR-RELAYED-ADDRESS, XOR-MAPPED-ADDRESS)
 *   client ──CreatePermission──► server:3478       (XOR-PEER-ADDRESS: the peer's IP, any port)
 *   peer ───UDP────────────────► relayed ip:port ──► client as a Data indication
 *   client ──Send indication───► server:3478 ──────► peer from the relayed ip:port
 *
 * Long-term credentials (401 with REALM and NONCE, then MESSAGE-INTEGRITY) and ChannelBind are
 * not modelled: coturn would ask for credentials first, the relayed path is the same.
 */
import type { Endpoint } from '../endpoint.ts';
import { endpointKey, formatEndpoint } from '../endpoint.ts';
import type { StunAttribute } from '../stun/attributes.ts';
import type { StunMessage } from '../stun/message.ts';
import {
  DEFAULT_LIFETIME_S,
  METHOD,
  PERMISSION_LIFETIME_S,
  TURN_ATTRIBUTE as T,
  UDP,
  dataAttribute,
  encodeTurn,
  parseTurn,
  readData,
  readU32Attribute,
  readXorAddress,
  u32Attribute as u32,
  xorAddress,
} from './wire.ts';

/** A bound relay socket, as the server needs it. */
export interface RelaySocket {
  readonly local: Endpoint;
  send(bytes: Uint8Array, to: Endpoint): void;
  close(): void;
}

/** What the server gets from where it runs. */
export interface TurnIo {
  now(): number;
  /** Binds a relay socket on the server's address; undefined when the port is taken. */
  bindRelay(
    port: number,
    onPacket: (from: Endpoint, bytes: Uint8Array) => void,
  ): RelaySocket | undefined;
  /** Sends from the listening socket (to a client). */
  reply(bytes: Uint8Array, to: Endpoint): void;
  /** A random integer in [min, max]. */
  randomInt(min: number, max: number): number;
  /** One line for the server's terminal. */
  log(line: string): void;
}

/** One allocation: the relayed socket and who may send to it (peer IP -> expiry, ms). */
interface Allocation {
  readonly client: Endpoint;
  readonly relay: RelaySocket;
  expiresAt: number;
  readonly permissions: Map<string, number>;
}

/** The relay's port range (coturn's defaults: 49152-65535). */
export interface TurnConfig {
  readonly minPort: number;
  readonly maxPort: number;
}

/** The TURN server's state and message handling. */
export class TurnServer {
  private readonly allocations = new Map<string, Allocation>();

  constructor(
    private readonly io: TurnIo,
    private readonly config: TurnConfig,
  ) {}

  /** Live allocations: client, relayed address, permitted peers (for tests and views). */
  table(): { client: Endpoint; relayed: Endpoint; peers: string[] }[] {
    this.sweep();
    return [...this.allocations.values()].map((a) => ({
      client: a.client,
      relayed: a.relay.local,
      peers: [...a.permissions.keys()],
    }));
  }

  /** Handles a datagram that reached the listening port from `from`. */
  receive(from: Endpoint, bytes: Uint8Array): void {
    this.sweep();
    const m = parseTurn(bytes);
    if (!m)
      return this.io.log(`ignored ${bytes.length} bytes from ${formatEndpoint(from)}: not STUN`);
    const alloc = this.allocations.get(endpointKey(from));
    const answer = (attrs: StunAttribute[]): void => {
      const cls = attrs[0]?.kind === 'error-code' ? 'error' : 'success';
      this.io.reply(encodeTurn(cls, m.method, m.transactionId, attrs), from);
    };
    const refuse = (code: number, reason: string): void => {
      this.io.log(`${formatEndpoint(from)}: ${code} ${reason}`);
      answer([{ kind: 'error-code', code, reason }]);
    };
    if (m.class === 'indication' && m.method === METHOD.SEND) return this.send(alloc, m);
    if (m.class !== 'request') return;
    switch (m.method) {
      case METHOD.BINDING:
        return answer([{ kind: 'xor-mapped-address', address: { family: 'ipv4', ...from } }]);
      case METHOD.ALLOCATE: {
        if (alloc) return refuse(437, 'Allocation Mismatch');
        const transport = readU32Attribute(m, T.REQUESTED_TRANSPORT);
        if (transport === undefined) return refuse(400, 'Bad Request');
        if (transport >>> 24 !== UDP) return refuse(442, 'Unsupported Transport Protocol');
        const created = this.allocate(from);
        if (!created) return refuse(508, 'Insufficient Capacity');
        this.io.log(
          `allocation ${formatEndpoint(from)} -> relayed ${formatEndpoint(created.relay.local)}`,
        );
        return answer([
          xorAddress(T.XOR_RELAYED_ADDRESS, created.relay.local),
          u32(T.LIFETIME, DEFAULT_LIFETIME_S),
          { kind: 'xor-mapped-address', address: { family: 'ipv4', ...from } },
        ]);
      }
      case METHOD.CREATE_PERMISSION: {
        if (!alloc) return refuse(437, 'Allocation Mismatch');
        const ip = readXorAddress(m, T.XOR_PEER_ADDRESS)?.ip;
        if (!ip) return refuse(400, 'Bad Request');
        alloc.permissions.set(ip, this.io.now() + PERMISSION_LIFETIME_S * 1000);
        this.io.log(`permission on ${formatEndpoint(alloc.relay.local)} for ${ip}`);
        return answer([]);
      }
      case METHOD.REFRESH: {
        if (!alloc) return refuse(437, 'Allocation Mismatch');
        const lifetime = Math.min(readU32Attribute(m, T.LIFETIME) ?? DEFAULT_LIFETIME_S, 3600);
        if (lifetime === 0) this.release(alloc);
        else alloc.expiresAt = this.io.now() + lifetime * 1000;
        return answer([u32(T.LIFETIME, lifetime)]);
      }
      default:
        return refuse(400, 'Bad Request');
    }
  }

  /** A Send indication: relay DATA to XOR-PEER-ADDRESS if a permission allows it. */
  private send(alloc: Allocation | undefined, m: StunMessage): void {
    const peer = readXorAddress(m, T.XOR_PEER_ADDRESS);
    const data = readData(m);
    if (!alloc || !peer || !data) return;
    if (!this.permitted(alloc, peer.ip))
      return this.io.log(`dropped Send to ${formatEndpoint(peer)}: no permission for ${peer.ip}`);
    this.io.log(`relayed Send from ${formatEndpoint(alloc.client)} -> ${formatEndpoint(peer)}`);
    alloc.relay.send(data, peer);
  }

  private permitted(alloc: Allocation, ip: string): boolean {
    const until = alloc.permissions.get(ip);
    return until !== undefined && until > this.io.now();
  }

  private allocate(client: Endpoint): Allocation | undefined {
    const { minPort, maxPort } = this.config;
    for (let i = 0; i < 64; i++) {
      const port = this.io.randomInt(minPort, maxPort);
      const alloc: Allocation | undefined = this.bindFor(client, port);
      if (alloc) return alloc;
    }
    return undefined;
  }

  private bindFor(client: Endpoint, port: number): Allocation | undefined {
    // The relay socket's handler needs the allocation the socket ends up in.
    const ref: { alloc?: Allocation } = {};
    const relay = this.io.bindRelay(port, (from, bytes) => {
      const alloc = ref.alloc;
      if (!alloc || alloc.expiresAt <= this.io.now()) return;
      if (!this.permitted(alloc, from.ip)) {
        const to = formatEndpoint(alloc.relay.local);
        return this.io.log(
          `dropped ${formatEndpoint(from)} -> ${to}: no permission for ${from.ip}`,
        );
      }
      this.io.log(
        `relayed ${formatEndpoint(from)} -> ${formatEndpoint(alloc.client)} (Data indication)`,
      );
      const indication = encodeTurn('indication', METHOD.DATA, this.newId(), [
        xorAddress(T.XOR_PEER_ADDRESS, from),
        dataAttribute(bytes),
      ]);
      this.io.reply(indication, alloc.client);
    });
    if (!relay) return undefined;
    const alloc: Allocation = {
      client,
      relay,
      expiresAt: this.io.now() + DEFAULT_LIFETIME_S * 1000,
      permissions: new Map(),
    };
    ref.alloc = alloc;
    this.allocations.set(endpointKey(client), alloc);
    return alloc;
  }

  private newId(): Uint8Array {
    return Uint8Array.from({ length: 12 }, () => this.io.randomInt(0, 255));
  }

  private release(alloc: Allocation): void {
    alloc.relay.close();
    this.allocations.delete(endpointKey(alloc.client));
  }

  /** Lets expired allocations and permissions go. */
  private sweep(): void {
    const now = this.io.now();
    for (const a of [...this.allocations.values()]) {
      if (a.expiresAt <= now) this.release(a);
      else for (const [ip, until] of a.permissions) if (until <= now) a.permissions.delete(ip);
    }
  }
}
