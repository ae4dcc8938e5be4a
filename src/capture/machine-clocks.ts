/**
 * Each machine of a class on the Server's clock, the one mechanism `agujero capture merge`
 * (lab/capture/merge-files.ts, one file per machine) and the browser's import (one file, one
 * interface per machine) share: every peer machine's clock read against the reference's from
 * the datagrams both recorded (clock-offset.ts estimateShift) and, unless the user keeps the
 * recorded times, its frames moved by that shift. In one file, the machines are its interfaces
 * named server, alice and bob (what `capture merge` and `--capture` write), else, unless they
 * are segments (`internet`, `alice-nat-lan`: one machine's clock, as the simulator's export and
 * `agujero netns capture` write them), every interface that holds datagrams (mergecap of one
 * capture per machine), the Server's being the one whose own addresses receive on its ports.
 *
 *   interfaces  server  alice(-3.2 s)  bob      ->  alice's frames +3.2 s, the others as recorded
 */
import { INTERNET } from '../model/topology.ts';
import { estimateShiftOf, shiftCapture } from './clock-offset.ts';
import { ownOf, sightingsFrom, sightingsOf } from './pairing.ts';
import type { Sightings } from './pairing.ts';
import type { ClockEstimate } from './clock-offset.ts';
import type { CaptureFile } from './container.ts';
import { SERVER_PORTS } from './infer-book.ts';
import { udpOfFrame } from './link.ts';
import type { UdpDatagram } from './link.ts';
import { MACHINE_NAMES, ownAddresses } from './own-addresses.ts';
import type { MachineName } from './own-addresses.ts';

/** One machine's clock against the reference machine's (the Server's when it is there). */
export interface MachineClock<K = MachineName> extends ClockEstimate {
  readonly reference: K;
  /** Whether its frames were moved by shiftMs. */
  readonly applied: boolean;
}

/**
 * `captures` (one per machine) with every machine after `reference` put on its clock, unless
 * `keep`; each one's clock as read. `nameOf`: each machine's name (server, alice, bob) when
 * known, which helps read its own address in a two-party capture.
 */
export function alignClocks<K>(
  captures: ReadonlyMap<K, CaptureFile>,
  reference: K,
  keep = false,
  nameOf: (k: K) => MachineName | undefined = () => undefined,
): { captures: Map<K, CaptureFile>; clocks: Map<K, MachineClock<K>> } {
  const out = new Map(captures);
  if (!captures.has(reference)) return { captures: out, clocks: new Map() };
  const read = new Map([...captures].map(([k, c]) => [k, sightingsOf(c, nameOf(k))]));
  const clocks = readClocks(read, reference, keep);
  for (const [who, k] of clocks)
    if (k.applied) out.set(who, shiftCapture(out.get(who)!, k.shiftMs));
  return { captures: out, clocks };
}

/**
 * Each machine's clock against `reference`'s from their captures read for pairing (each read
 * once); a peer's datagrams are paired with none another peer also claims.
 */
function readClocks<K>(
  read: ReadonlyMap<K, Sightings>,
  reference: K,
  keep: boolean,
): Map<K, MachineClock<K>> {
  const clocks = new Map<K, MachineClock<K>>();
  const ref = read.get(reference);
  if (!ref) return clocks;
  const peers = [...read].filter(([k]) => k !== reference);
  for (const [who, sightings] of peers) {
    const others = peers.filter(([k]) => k !== who).map(([, s]) => s);
    const est = estimateShiftOf(ref, sightings, others);
    clocks.set(who, { ...est, reference, applied: !keep && est.shiftMs !== 0 });
  }
  return clocks;
}

/** One interface of a file taken as one machine's capture, with what was read of its clock. */
export interface InterfaceClock extends MachineClock<number> {
  /** The interface (index into the capture's interfaces). */
  readonly iface: number;
  /** Its name when it is a machine's (server, alice, bob). */
  readonly machine: MachineName | undefined;
  /** The reference interface's machine: named so, or the Server's (who receives on its ports). */
  readonly referenceMachine: MachineName;
  /** The machine's own addresses (who it is when its interface is not named after it). */
  readonly own: readonly string[];
}

interface Timed {
  readonly t: number;
  readonly d: UdpDatagram;
}

/** Each interface's UDP datagrams with their times (interfaces without any left out). */
function datagramsByInterface(c: CaptureFile): Map<number, Timed[]> {
  const out = new Map<number, Timed[]>();
  for (const f of c.frames) {
    const d = udpOfFrame(c.interfaces[f.iface]?.linkType ?? -1, f.data);
    if (!d) continue;
    const list = out.get(f.iface);
    if (list) list.push({ t: f.tMs, d });
    else out.set(f.iface, [{ t: f.tMs, d }]);
  }
  return out;
}

const only = (ts: readonly Timed[] | undefined): UdpDatagram[] => (ts ?? []).map((x) => x.d);

const machineOf = (c: CaptureFile, i: number): MachineName | undefined =>
  MACHINE_NAMES.find((m) => m === c.interfaces[i]?.name);

/** The machines' interfaces of `c`, the reference first, or none when it is one machine's. */
function machineInterfaces(c: CaptureFile, seen: ReadonlyMap<number, Timed[]>): number[] {
  const named = [...seen.keys()].filter((i) => machineOf(c, i) !== undefined);
  if (named.length > 1) {
    const rank = (i: number): number => MACHINE_NAMES.indexOf(machineOf(c, i)!);
    return named.sort((a, b) => rank(a) - rank(b));
  }
  // Segments (the simulator's export, `agujero netns capture`) are one machine's clock.
  const segment = c.interfaces.some((i) => i.name === INTERNET || i.name?.endsWith('-lan'));
  if (seen.size < 2 || segment) return [];
  // The Server's machine: the most datagrams received at its own address on a Server port.
  let server: number | undefined;
  let most = 0;
  for (const [i, timed] of seen) {
    const ds = only(timed);
    const own = new Set(ownAddresses(ds));
    const n = ds.filter(
      (d) => own.has(d.dst.ip) && (SERVER_PORTS as readonly number[]).includes(d.dst.port),
    ).length;
    if (n > most) [server, most] = [i, n];
  }
  if (server === undefined) return [];
  return [server, ...[...seen.keys()].filter((i) => i !== server)];
}

/**
 * `c` with every machine's frames on the reference machine's clock (unless `keep`), and each
 * peer machine's clock as read; `c` itself, no clocks, when it holds one machine's frames.
 */
export function alignInterfaces(
  c: CaptureFile,
  keep = false,
): { capture: CaptureFile; clocks: InterfaceClock[] } {
  const seen = datagramsByInterface(c);
  const order = machineInterfaces(c, seen);
  if (order.length < 2) return { capture: c, clocks: [] };
  // Each interface read once, from the datagrams already read (no copy of its frames).
  const read = new Map(order.map((i) => [i, sightingsFrom(seen.get(i)!, machineOf(c, i))]));
  const clocks = readClocks(read, order[0]!, keep);
  const shifts = new Map([...clocks].map(([i, k]) => [i, k.applied ? k.shiftMs : 0]));
  const moved = [...shifts.values()].some((s) => s !== 0);
  const capture = moved
    ? { ...c, frames: c.frames.map((f) => ({ ...f, tMs: f.tMs + (shifts.get(f.iface) ?? 0) })) }
    : c;
  return {
    capture,
    clocks: [...clocks].map(([iface, k]) => ({
      ...k,
      iface,
      machine: machineOf(c, iface),
      referenceMachine: machineOf(c, k.reference) ?? 'server',
      own: ownOf(read.get(iface)!),
    })),
  };
}
