/**
 * The addresses a real run's machines really had, by role, read from the run itself: what each
 * model address in a lesson line became in the command the lab ran (the address book it ran
 * with), each machine's own address in what it sent, and a NAT's public address in the source a
 * receiver saw. With them the prediction can be drawn in the run's own addresses (renameScenario)
 * and the real run's topology says what the lab had (renameTopology), so both sides show the same
 * number for the same role. A plan that would give two roles one address (a run on loopback, all
 * 127.0.0.1) renames nothing; its roles are still listed with both values.
 *
 *   line:     echo "upd hole" | nc -p 53333 -u 54.93.229.24 58888     (the model's Bob's NAT)
 *   command:  echo "upd hole" | nc -p 53333 -u 198.51.100.24 58888    => 54.93.229.24 → 198.51.100.24
 *   sent:     alice 192.168.1.10:53333 → …                            => 192.168.0.10 → 192.168.1.10
 */
import type { NodeSpec, TopologySpec } from '../model/topology.ts';
import type { Scenario } from '../model/scenario.ts';
import type { TraceEvent } from '../model/trace.ts';
import type { LabObservation } from '../protocol/events.ts';

/** What a plan is read from (a LabRun has all of it). */
export interface RunAddressSource {
  readonly topology: TopologySpec;
  readonly runLines: readonly { readonly actor: string; readonly command: string }[];
  readonly trace: readonly (TraceEvent | LabObservation)[];
}

/** One role's address: the model's, and the run's when the run showed it. */
export interface RoleAddress {
  /** The node (a router's row is its public address). */
  readonly node: string;
  readonly kind: 'host' | 'router';
  readonly model: string;
  readonly real: string | undefined;
}

/** The run's addresses. */
export interface AddressPlan {
  /** Every role, in the topology's order. */
  readonly roles: readonly RoleAddress[];
  /** Model address → the run's, only when no two roles end up sharing one (else empty). */
  readonly rename: ReadonlyMap<string, string>;
}

const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const isIp = (s: string): boolean => /^\d{1,3}(?:\.\d{1,3}){3}$/.test(s);
const decoder = new TextDecoder();
const textOf = (payload: Uint8Array): string => decoder.decode(payload).replace(/\n$/, '');

/** `text` with every IPv4 address that `map` knows replaced, all at once (no chains). */
export function renameText(text: string, map: ReadonlyMap<string, string>): string {
  return map.size ? text.replace(IPV4, (ip) => map.get(ip) ?? ip) : text;
}

/** The address a router's LAN side has in the /24 of `host` (its .1, or .254 if the host is .1). */
function lanOf(host: string): { lan: string; lanIp: string } {
  const [a, b, c, d] = host.split('.');
  return { lan: `${a}.${b}.${c}.0/24`, lanIp: `${a}.${b}.${c}.${d === '1' ? 254 : 1}` };
}

/**
 * `topology` with its addresses renamed by `map`; a router whose LAN host moved to another /24
 * gets that /24 as its LAN (the lab does not report its routers' LAN side).
 */
export function renameTopology(
  topology: TopologySpec,
  map: ReadonlyMap<string, string>,
): TopologySpec {
  if (!map.size) return topology;
  const ip = (x: string): string => map.get(x) ?? x;
  const nodes = topology.nodes.map((n): NodeSpec => {
    if (n.kind === 'host')
      return {
        ...n,
        ip: ip(n.ip),
        ...(n.extraIps ? { extraIps: n.extraIps.map(ip) } : {}),
      };
    const host = topology.nodes.find((h) => h.parent === n.id && h.kind === 'host');
    const moved = host?.kind === 'host' && map.has(host.ip) ? lanOf(ip(host.ip)) : {};
    return { ...n, wanIp: ip(n.wanIp), ...moved };
  });
  return { ...topology, nodes };
}

/** `scenario` with its topology and the addresses in its commands renamed by `map`. */
export function renameScenario(scenario: Scenario, map: ReadonlyMap<string, string>): Scenario {
  if (!map.size) return scenario;
  return {
    ...scenario,
    topology: renameTopology(scenario.topology, map),
    steps: scenario.steps.map((s) => ({ ...s, run: renameText(s.run, map) })),
  };
}

/** The inverse of an injective map (the run's address → the model's). */
export function inverse(map: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...map].map(([a, b]) => [b, a]));
}

/** Model → real pairs from the lesson lines and the commands the lab ran for them. */
function fromCommands(src: RunAddressSource, found: Map<string, string>): void {
  const ran = new Map<string, string[]>();
  for (const e of src.trace)
    if (e.type === 'command') ran.set(e.actor, [...(ran.get(e.actor) ?? []), e.text]);
  const lines = new Map<string, string[]>();
  for (const l of src.runLines) lines.set(l.actor, [...(lines.get(l.actor) ?? []), l.command]);
  for (const [actor, texts] of ran) {
    const model = lines.get(actor) ?? [];
    texts.forEach((text, k) => {
      const a = (model[k] ?? '').trim().split(/\s+/);
      const b = text.trim().split(/\s+/);
      if (a.length !== b.length) return;
      a.forEach((x, i) => {
        const y = b[i] as string;
        if (isIp(x) && isIp(y) && x !== y && !found.has(x)) found.set(x, y);
      });
    });
  }
}

/**
 * Who sent what a receiver got from `from`: the one host that sent `text`, or, when several did
 * (both peers say "toc" to the Server), the one of them that sent it from the same port (a NAT
 * keeps the port when it can); undefined when that still leaves several or none.
 */
function senderOf(
  senders: ReadonlyMap<string, ReadonlySet<number>> | undefined,
  port: number | undefined,
): string | undefined {
  const hosts = [...(senders ?? [])];
  const left = hosts.length > 1 ? hosts.filter(([, ports]) => ports.has(port ?? -1)) : hosts;
  return left.length === 1 ? left[0]?.[0] : undefined;
}

/** A host's own address from what it sent; its NAT's public one from what others saw of it. */
function fromTraffic(src: RunAddressSource, found: Map<string, string>): void {
  const byId = new Map(src.topology.nodes.map((n) => [n.id, n]));
  const own = new Map<string, string>();
  const sentBy = new Map<string, Map<string, Set<number>>>(); // text -> sender -> its ports
  for (const e of src.trace) {
    if (e.type !== 'sent') continue;
    const n = byId.get(e.node);
    if (n?.kind !== 'host' || e.packet.src.ip === '0.0.0.0') continue;
    if (!own.has(n.id)) own.set(n.id, e.packet.src.ip);
    const text = textOf(e.packet.payload);
    const senders = sentBy.get(text) ?? new Map<string, Set<number>>();
    sentBy.set(text, senders.set(n.id, (senders.get(n.id) ?? new Set()).add(e.packet.src.port)));
    if (!found.has(n.ip)) found.set(n.ip, e.packet.src.ip);
  }
  for (const e of src.trace) {
    const seen =
      e.type === 'delivered'
        ? { text: textOf(e.packet.payload), from: e.packet.src }
        : e.type === 'observed' && e.kind === 'received' && e.from
          ? { text: (e.text ?? '').replace(/\n$/, ''), from: e.from }
          : undefined;
    if (!seen) continue;
    const sender = senderOf(sentBy.get(seen.text), seen.from.port);
    const host = sender === undefined ? undefined : byId.get(sender);
    const router = host ? byId.get(host.parent) : undefined;
    if (!sender || router?.kind !== 'router' || seen.from.ip === own.get(sender)) continue;
    if (!found.has(router.wanIp)) found.set(router.wanIp, seen.from.ip);
  }
}

/** Every address a topology gives a role (a host's extra ones included). */
function addresses(topology: TopologySpec): string[] {
  return topology.nodes.flatMap((n) =>
    n.kind === 'host' ? [n.ip, ...(n.extraIps ?? [])] : [n.wanIp, n.lanIp],
  );
}

/** The run's addresses by role, and the rename that draws the model in them (when one does). */
export function runAddresses(src: RunAddressSource): AddressPlan {
  const found = new Map<string, string>();
  fromCommands(src, found);
  fromTraffic(src, found);
  const topo = src.topology;
  const model = new Set(addresses(topo));
  for (const k of [...found.keys()]) if (!model.has(k)) found.delete(k);
  const roles = topo.nodes.map((n) => {
    const m = n.kind === 'host' ? n.ip : n.wanIp;
    return { node: n.id, kind: n.kind, model: m, real: found.get(m) };
  });
  return { roles, rename: distinct(topo, found) ? found : new Map() };
}

/** Whether `topology` renamed by `map` still gives every role addresses of its own. */
export function distinct(topology: TopologySpec, map: ReadonlyMap<string, string>): boolean {
  const all = addresses(renameTopology(topology, map));
  return new Set(all).size === all.length;
}
