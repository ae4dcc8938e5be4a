/**
 * The punch on the simulated network: the walkthrough topology with any NAT on each router, the
 * rendezvous server's table on the server's UDP socket, and one peer machine each for Bob and
 * Alice on the model's sockets and virtual clock. The lab runs the same machine on node:dgram.
 *
 *   server 54.93.249.162:9000 (RendezvousTable)
 *   bob   192.168.1.10:58888 behind 54.93.229.24     alice 192.168.0.10:53333 behind 82.230.120.113
 */
import { createActor } from 'xstate';
import { Network } from '../model/network.ts';
import type { UdpSocket } from '../model/socket.ts';
import type { NatSpec } from '../model/topology.ts';
import type { TraceSink } from '../model/trace.ts';
import { SEED, walkthroughTopology } from '../model/scenarios/addresses.ts';
import { RendezvousTable } from '../protocol/rendezvous-server.ts';
import { peerMachine } from './peer.ts';
import type { PeerOutput, PeerTiming } from './peer.ts';
import { schedulerClock, socketTransport } from './sim-runtime.ts';

/** A simulated punch between Bob and Alice. */
export interface SimulatedPunch {
  readonly bob: NatSpec;
  readonly alice: NatSpec;
  /** Timing for each side (Bob's `delayMs` makes Alice punch first, as in the walkthrough). */
  readonly bobTiming?: Partial<PeerTiming>;
  readonly aliceTiming?: Partial<PeerTiming>;
  /** When Alice starts, after Bob (ms). */
  readonly aliceStartsAt?: number;
  /** Loss on each router's WAN link (both directions), 0-1. */
  readonly loss?: number;
  readonly seed?: number;
  /** Stop the simulation at this virtual time (ms) at the latest. */
  readonly untilMs?: number;
  readonly onTrace?: TraceSink;
}

/** How each side ended, and the network (for its tables and trace). */
export interface SimulatedPunchResult {
  readonly bob: PeerOutput;
  readonly alice: PeerOutput;
  readonly network: Network;
}

/** Serves the rendezvous protocol on a simulated socket. */
export function simulatedRendezvous(socket: UdpSocket, now: () => number): RendezvousTable {
  const table = new RendezvousTable();
  socket.onReceive((d) => {
    for (const r of table.handle(d.from, d.payload, now()).replies) socket.send(r.bytes, r.to);
  });
  return table;
}

/** Runs both machines to their end (or `untilMs`) on the walkthrough topology. */
export function simulatePunch(o: SimulatedPunch): SimulatedPunchResult {
  const topology = walkthroughTopology(o.bob, o.alice);
  const withLoss: typeof topology = {
    ...topology,
    nodes: topology.nodes.map((n) =>
      o.loss && n.kind === 'router' ? { ...n, link: { ...n.link, loss: o.loss } } : n,
    ),
  };
  const network = new Network(withLoss, {
    seed: o.seed ?? 1,
    ...(o.onTrace ? { onTrace: o.onTrace } : {}),
  });
  const now = (): number => network.now;
  const server = { ip: SEED.server, port: SEED.serverPort };
  simulatedRendezvous(network.host('server').bind(SEED.serverPort), now);
  const clock = schedulerClock(network.scheduler);
  const outputs: { bob?: PeerOutput; alice?: PeerOutput } = {};
  const start = (
    who: 'bob' | 'alice',
    peer: 'bob' | 'alice',
    port: number,
    timing?: Partial<PeerTiming>,
  ) => {
    const transport = socketTransport(network.host(who).bind(port));
    const message = who === 'bob' ? 'soy Bob' : 'soy Alice';
    const input = {
      name: who,
      peer,
      server,
      transport,
      message,
      now,
      ...(timing ? { timing } : {}),
    };
    const actor = createActor(peerMachine(), { input, clock });
    actor.subscribe({ complete: () => (outputs[who] = actor.getSnapshot().output) });
    actor.start();
    return actor;
  };
  const actors = [start('bob', 'alice', SEED.bobPort, o.bobTiming)];
  network.scheduler.after(o.aliceStartsAt ?? 0, () =>
    actors.push(start('alice', 'bob', SEED.alicePort, o.aliceTiming)),
  );
  const until = o.untilMs ?? 120_000;
  while (network.scheduler.pending > 0 && network.scheduler.nextTime <= until) {
    if (outputs.bob && outputs.alice) break;
    network.scheduler.step();
  }
  for (const a of actors) if (a.getSnapshot().status === 'active') a.send({ type: 'stop' });
  return { bob: outputs.bob!, alice: outputs.alice!, network };
}
