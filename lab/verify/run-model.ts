/**
 * Runs a case in the pure model: the lab's topology rebuilt as a simulated network, the case's
 * sockets bound, its datagrams sent on the virtual clock one step apart, every datagram's fate
 * read from the trace, and each router's flows read as conntrack tuples.
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import { Network } from '../../src/model/network.ts';
import { textPayload } from '../../src/model/packet.ts';
import type { UdpSocket } from '../../src/model/socket.ts';
import { VERIFY_ADDRESSES } from './addresses.ts';
import type { RouterId, VerifyCase } from './case.ts';
import { ROUTER_IDS, caseSockets, socketKey } from './case.ts';
import { verifyTopology } from './model-nat.ts';
import type { Fate, RawDatagram, RawObservation, RawTables } from './observation.ts';
import { ncInModel } from './nc-walkthrough.ts';
import { stunInModel } from './stun.ts';
import { resolveTarget } from './targets.ts';

/** Virtual time between two sends, and after the last one (the lab waits as long). */
export const MODEL_STEP_MS = 50;

/** Runs `c` in the model with `seed`. */
export function runInModel(c: VerifyCase, seed = 1): RawObservation {
  if (c.nc) return ncInModel(c.routers, seed);
  if (c.stun) {
    if (c.routers.alice.recipe === 'open') throw new Error(`${c.id}: a STUN case needs a NAT`);
    return { datagrams: [], tables: [], verdicts: stunInModel(c.routers.alice) };
  }
  const net = new Network(verifyTopology(c.routers), { seed });
  const sockets = new Map<string, UdpSocket>();
  for (const s of caseSockets(c)) {
    const ip = VERIFY_ADDRESSES[s.ip ?? (s.host === 'server' ? 'serverPrimary' : s.host)];
    sockets.set(socketKey(s), net.host(s.host).bind(s.port, ip));
  }
  const byPacket = new Map<number, string>();
  const fates = new Map<string, { fate: Fate; seenAs?: Endpoint; deliveredTo?: Endpoint }>();
  net.onTrace((e) => {
    if (e.type !== 'delivered' && e.type !== 'dropped') return;
    const id = byPacket.get(e.packet.id);
    if (id === undefined || fates.has(id)) return;
    if (e.type === 'delivered')
      fates.set(id, { fate: { kind: 'delivered' }, seenAs: e.packet.src, deliveredTo: e.socket });
    else fates.set(id, { fate: { kind: 'dropped', at: e.node } });
  });
  const datagrams: RawDatagram[] = [];
  const tables: { label: string; flows: RawTables }[] = [];
  const seen = (id: string): Endpoint | undefined => fates.get(id)?.seenAs;
  let t = 0;
  for (const step of c.steps) {
    net.scheduler.runUntil(t);
    if (step.kind === 'wait') {
      t += step.ms;
      continue;
    }
    if (step.kind === 'snapshot') {
      tables.push({ label: step.label, flows: flowsOf(net) });
      continue;
    }
    const from = socketKey(step.from);
    const to = resolveTarget(step.to, seen);
    if ('skipped' in to) {
      fates.set(step.id, { fate: { kind: 'skipped', why: to.skipped } });
      datagrams.push({ id: step.id, from, fate: { kind: 'skipped', why: to.skipped } });
      continue;
    }
    const packetId = (sockets.get(from) as UdpSocket).send(textPayload(step.id), to);
    byPacket.set(packetId, step.id);
    datagrams.push({ id: step.id, from, to, fate: { kind: 'dropped', at: 'nowhere' } });
    t += MODEL_STEP_MS;
    net.scheduler.runUntil(t);
  }
  net.scheduler.runUntil(t + MODEL_STEP_MS);
  tables.push({ label: 'end', flows: flowsOf(net) });
  return {
    datagrams: datagrams.map((d) => {
      const f = fates.get(d.id);
      return f ? { ...d, ...f } : d;
    }),
    tables,
  };
}

/** Each router's flows as conntrack shows them. */
function flowsOf(net: Network): RawTables {
  const out = {} as Record<RouterId, RawTables[RouterId]>;
  for (const id of ROUTER_IDS) out[id] = [];
  for (const view of net.natViews()) {
    if (!(ROUTER_IDS as readonly string[]).includes(view.node)) continue;
    out[view.node as RouterId] = view.flows.map((f) => ({
      original: f.original,
      reply: f.reply,
      unreplied: !f.replied,
    }));
  }
  return out;
}
