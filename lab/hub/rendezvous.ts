/**
 * The walkthrough's Server on real sockets: a UDP socket (port 9000) that, like `nc -lu 9000`
 * plus `ss -unp`, prints what arrives and records the public ip:port each datagram came from,
 * and reports each one as the model's `delivered` event. It answers only the punch protocol's
 * `register NAME [PEER]` lines (src/protocol/rendezvous-server.ts decides: `seen ...`, so
 * `agujero punch --server HOST:9000` works against it); nc's "toc" gets no answer, as from
 * `nc -lu 9000`. A flood only costs counting (datagrams over 2048 bytes are cut).
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { formatEndpoint } from '../../src/model/endpoint.ts';
import { packetToWire } from '../../src/protocol/events.ts';
import { RendezvousTable } from '../../src/protocol/rendezvous-server.ts';
import type { LabEvent } from '../../src/protocol/events.ts';
import { bindUdp, closeQuietly } from '../stun/dgram-transport.ts';

/** The most peers remembered (oldest forgotten first). */
const MAX_PEERS = 1000;

/** One peer the server saw: where from, when first and last, how many datagrams, the last text. */
export interface SeenPeer {
  readonly from: Endpoint;
  readonly first: number;
  last: number;
  count: number;
  lastText: string;
}

/** A running rendezvous. */
export interface Rendezvous {
  readonly local: Endpoint;
  /** The peers seen, most recent last. */
  peers(): readonly SeenPeer[];
  received(): number;
  /** Punch `register` lines answered. */
  registered(): number;
  close(): Promise<void>;
}

/** Options: where to listen, the clock events are stamped with, and who hears of each datagram. */
export interface RendezvousOptions {
  readonly ip?: string;
  readonly port?: number;
  readonly clock: () => number;
  readonly onEvent?: (event: LabEvent, peer: SeenPeer) => void;
}

/** Listens on ip:port (default 0.0.0.0:9000). */
export async function startRendezvous(o: RendezvousOptions): Promise<Rendezvous> {
  const ip = o.ip ?? '0.0.0.0';
  const socket: Socket = await bindUdp(ip, o.port ?? 9000);
  const local = { ip, port: socket.address().port };
  const peers = new Map<string, SeenPeer>();
  let received = 0;
  let registered = 0;
  let packetId = 0;
  const table = new RendezvousTable({});
  socket.on('error', () => undefined);
  socket.on('message', (data: Buffer, r: RemoteInfo) => {
    received++;
    const t = o.clock();
    const from = { ip: r.address, port: r.port };
    const key = formatEndpoint(from);
    const text = data.subarray(0, 2048).toString('utf8').replace(/\n$/, '');
    let peer = peers.get(key);
    if (peer) {
      peers.delete(key); // re-insert: most recent last
      peer.last = t;
      peer.count++;
      peer.lastText = text;
    } else {
      peer = { from, first: t, last: t, count: 1, lastText: text };
      if (peers.size >= MAX_PEERS) peers.delete(peers.keys().next().value as string);
    }
    peers.set(key, peer);
    if (data.subarray(0, 9).toString('latin1') === 'register ') {
      try {
        const handled = table.handle(from, new Uint8Array(data), t);
        if (handled.kind === 'registered') registered++;
        for (const r of handled.replies) socket.send(r.bytes, r.to.port, r.to.ip, () => undefined);
      } catch {
        // a datagram the table cannot handle is only counted
      }
    }
    const packet = {
      id: ++packetId,
      src: from,
      dst: local,
      payload: new Uint8Array(data.subarray(0, 2048)),
    };
    o.onEvent?.(
      { type: 'delivered', t, node: 'server', packet: packetToWire(packet), socket: local },
      peer,
    );
  });
  return {
    local,
    peers: () => [...peers.values()],
    received: () => received,
    registered: () => registered,
    close: async () => closeQuietly(socket),
  };
}
