/**
 * Runs cases on the real kernel: one topology of namespaces built once, a probe process holding
 * the sockets in each host namespace, the routers reconfigured per group of cases (recipe, INPUT
 * policy, UDP timeouts) and conntrack flushed between cases; each case's datagrams sent for real,
 * their arrivals read from the probes, the routers' conntrack tables read as tuples.
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import { buildTopology } from '../netns/build.ts';
import { DEFAULT_UDP_TIMEOUTS } from '../netns/conntrack.ts';
import type { ConntrackEntry } from '../netns/conntrack.ts';
import { ADDRESSES } from '../netns/plan.ts';
import type { Role } from '../netns/plan.ts';
import type { Topology } from '../netns/topology.ts';
import type { CaseRouters, HostId, RouterId, VerifyCase } from './case.ts';
import { HOST_IDS, ROUTER_IDS, caseSockets, groupKey, socketKey } from './case.ts';
import type { Fate, RawDatagram, RawFlow, RawObservation, RawTables } from './observation.ts';
import { Probe } from './probe.ts';
import { SECOND_HOST, VERIFY_ADDRESSES } from './addresses.ts';
import { resolveTarget } from './targets.ts';

/** How long the lab waits for a datagram before moving on (namespaces answer in well under 1 ms). */
export const LAB_SETTLE_MS = 40;

const ROLE_OF: Readonly<Record<RouterId, Role>> = { 'alice-nat': 'aliceNat', 'bob-nat': 'bobNat' };
const LAN_HOST: Readonly<Record<RouterId, 'alice' | 'bob'>> = {
  'alice-nat': 'alice',
  'bob-nat': 'bob',
};
const WAN_OF: Readonly<Record<string, RouterId>> = {
  [ADDRESSES.aliceNatWan]: 'alice-nat',
  [ADDRESSES.bobNatWan]: 'bob-nat',
};

/** The namespaces and probes every case of a run shares. */
export class LabBed {
  private current = '';
  private counter = 0;

  private constructor(
    readonly topology: Topology,
    private readonly probes: Readonly<Record<HostId, Probe>>,
  ) {}

  /** Builds the topology (namespace prefix `prefix` when given) and starts the probes. */
  static async build(onStep?: (what: string) => void): Promise<LabBed> {
    const masq = { recipe: 'masquerade', inputPolicy: 'drop-new' } as const;
    const topology = await buildTopology({ alice: masq, bob: masq, ...(onStep && { onStep }) });
    try {
      await topology.mustExec(SECOND_HOST.role, [
        'ip',
        'addr',
        'add',
        SECOND_HOST.cidr,
        'dev',
        SECOND_HOST.dev,
      ]);
      const probes = {} as Record<HostId, Probe>;
      for (const host of HOST_IDS) probes[host] = await Probe.start(topology.ns[host]);
      return new LabBed(topology, probes);
    } catch (e) {
      await topology.teardown();
      throw e;
    }
  }

  /** Gives the routers what `r` says, unless they already run it. */
  async configure(r: CaseRouters): Promise<void> {
    const key = groupKey(r);
    if (key === this.current) return;
    this.current = '';
    for (const side of ['alice', 'bob'] as const) {
      const nat = r[side];
      if (nat.recipe === 'open') await this.topology.configureRouted(side, nat.inputPolicy);
      else await this.topology.configureRouter(side, nat);
    }
    await this.topology.setUdpTimeouts(r.timeouts ?? DEFAULT_UDP_TIMEOUTS);
    this.current = key;
  }

  /** Runs one case on the real kernel. */
  async run(c: VerifyCase): Promise<RawObservation> {
    await this.configure(c.routers);
    await this.topology.flushNatState();
    await Promise.all(HOST_IDS.map((h) => this.probes[h].reset()));
    const tag = `${++this.counter}:`;
    const local = new Map<string, Endpoint>();
    for (const s of caseSockets(c)) {
      const ip = VERIFY_ADDRESSES[s.ip ?? (s.host === 'server' ? 'serverPrimary' : s.host)];
      await this.probes[s.host].bind(ip, s.port);
      local.set(socketKey(s), { ip, port: s.port });
    }
    const sentTo = new Map<string, { to: Endpoint; receiver: HostId }>();
    const seen = (id: string): Endpoint | undefined => {
      const where = sentTo.get(id);
      return where && this.probes[where.receiver].arrival(tag + id)?.from;
    };
    const datagrams: RawDatagram[] = [];
    const tables: { label: string; flows: RawTables }[] = [];
    for (const step of c.steps) {
      if (step.kind === 'wait') {
        await sleep(step.ms);
        continue;
      }
      if (step.kind === 'snapshot') {
        tables.push({ label: step.label, flows: await this.tables() });
        continue;
      }
      const from = socketKey(step.from);
      const to = resolveTarget(step.to, seen);
      if ('skipped' in to) {
        datagrams.push({ id: step.id, from, fate: { kind: 'skipped', why: to.skipped } });
        continue;
      }
      const receiver = receiverOf(to);
      sentTo.set(step.id, { to, receiver });
      const source = local.get(from) as Endpoint;
      await this.probes[step.from.host].send(source, to, tag + step.id);
      const arrived = await this.probes[receiver].waitFor(tag + step.id, LAB_SETTLE_MS);
      const fate = arrived ? DELIVERED : await this.dropSite(step.from.host, source, to);
      datagrams.push({ id: step.id, from, to, fate });
    }
    await sleep(LAB_SETTLE_MS);
    const end = await this.tables();
    tables.push({ label: 'end', flows: end });
    return {
      datagrams: datagrams.map((d) => {
        const where = sentTo.get(d.id);
        if (!where || !d.to) return d;
        const got = this.probes[where.receiver].arrival(tag + d.id);
        if (got) return { ...d, fate: DELIVERED, seenAs: got.from, deliveredTo: got.local };
        return d;
      }),
      tables,
    };
  }

  /** Stops the probes and deletes the namespaces. */
  async teardown(): Promise<void> {
    await Promise.all(HOST_IDS.map((h) => this.probes[h].stop().catch(() => undefined)));
    await this.topology.teardown();
  }

  /**
   * Where a datagram that did not arrive was dropped, read from conntrack right after it: at the
   * destination's LAN host when its router translated it inward (a flow from the datagram's
   * public source to `to` whose reply comes from the host), else at the router itself.
   */
  private async dropSite(sender: HostId, source: Endpoint, to: Endpoint): Promise<Fate> {
    const router = WAN_OF[to.ip];
    if (!router) return { kind: 'dropped', at: receiverOf(to) };
    let publicSource: Endpoint | undefined = source;
    if (sender !== 'server') {
      const own = await this.topology.conntrack(
        ROLE_OF[sender === 'alice' ? 'alice-nat' : 'bob-nat'],
      );
      const flow = own
        .map(rawFlow)
        .find((f) => same(f.original.src, source) && same(f.original.dst, to));
      publicSource = flow?.reply.dst;
    }
    if (!publicSource) return { kind: 'dropped', at: `${sender}-nat` };
    const host = ADDRESSES[LAN_HOST[router]];
    const passed = (await this.topology.conntrack(ROLE_OF[router]))
      .map(rawFlow)
      .some(
        (f) =>
          same(f.original.src, publicSource) && same(f.original.dst, to) && f.reply.src.ip === host,
      );
    return { kind: 'dropped', at: passed ? LAN_HOST[router] : router };
  }

  private async tables(): Promise<RawTables> {
    const out = {} as Record<RouterId, RawFlow[]>;
    for (const id of ROUTER_IDS)
      out[id] = (await this.topology.conntrack(ROLE_OF[id])).map(rawFlow);
    return out;
  }
}

/** The host whose probe receives a datagram sent to `to` (a router's WAN: its LAN host). */
function receiverOf(to: Endpoint): HostId {
  const router = WAN_OF[to.ip];
  if (router) return LAN_HOST[router];
  if (to.ip === ADDRESSES.alice) return 'alice';
  if (to.ip === ADDRESSES.bob) return 'bob';
  return 'server';
}

function rawFlow(e: ConntrackEntry): RawFlow {
  return {
    original: {
      src: { ip: e.original.src, port: e.original.sport },
      dst: { ip: e.original.dst, port: e.original.dport },
    },
    reply: {
      src: { ip: e.reply.src, port: e.reply.sport },
      dst: { ip: e.reply.dst, port: e.reply.dport },
    },
    unreplied: e.unreplied,
  };
}

const DELIVERED: Fate = { kind: 'delivered' };

function same(a: Endpoint, b: Endpoint): boolean {
  return a.ip === b.ip && a.port === b.port;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
