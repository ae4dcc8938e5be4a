/**
 * A capture file as a saved lab run: the packets of a pcap/pcapng (read, matched to the
 * walkthrough's topology by address, src/capture) become the LabRunFile a lab run saves, so it
 * replays and diffs against the model's prediction exactly like one: each packet `sent` by its
 * host and `delivered` where it arrived (as the receiver saw it, after the NATs), the terminal
 * lines that would have sent the chat datagrams (for the prediction), and what nc printed. The
 * NATs of the prediction are the user's, or by default the ones the capture behaved like. A
 * capture sees the routers too, so the file (version 2) also carries each NAT rewrite it saw
 * (`translated`, the real ports the kernel chose) and each datagram seen entering a NAT and never
 * leaving it (`dropped` there, the filtering reason guessed), and the NATs it behaved like. The
 * prediction is the capture's own lines only (`stopAfter: 0`), the Server's included: its `nc`
 * is started again whenever it received from a new peer, as the real run did.
 * `captureTrace` gives the same run in the model's full TraceEvent shape, NAT rewrites and the
 * drops inferred at the NATs included.
 */
import type { CaptureAnalysis, CaptureHost, Journey } from '../capture/index.ts';
import { analyseCapture, roleOf } from '../capture/index.ts';
import type { AnalyseOptions, NatGuessPreset } from '../capture/index.ts';
import { walkthroughTopology } from '../model/scenarios/index.ts';
import type { TopologySpec } from '../model/topology.ts';
import { packetToWire } from '../protocol/events.ts';
import { LAB_RUN_FORMAT, LAB_RUN_VERSION, MAX_LAB_RUN_EVENTS } from '../protocol/lab-run.ts';
import type { LabRunAnyEvent, LabRunFile } from '../protocol/lab-run.ts';
import { chatText } from './capture-text.ts';
import { NatSends } from './capture-trace.ts';

export { captureTrace } from './capture-trace.ts';

/** The NAT of each router the prediction runs. */
export interface CaptureNats {
  readonly 'alice-nat': NatGuessPreset;
  readonly 'bob-nat': NatGuessPreset;
}

/** What an import gives. */
export interface CaptureImport {
  readonly analysis: CaptureAnalysis;
  readonly file: LabRunFile;
  /** The NATs guessed from the capture (the default of `nat`). */
  readonly guessed: CaptureNats;
  /** Events left out beyond MAX_LAB_RUN_EVENTS. */
  readonly dropped: number;
}

/** Options: the roles' correction and the NATs to predict with. */
export interface ImportOptions extends AnalyseOptions {
  readonly nat?: Partial<CaptureNats>;
  /** The largest number of terminal lines kept (the file allows 100). */
  readonly maxLines?: number;
}

/** Where `ip` (a real address of the capture) is in `topology`, the model's walkthrough. */
function modelIp(a: CaptureAnalysis, topology: TopologySpec, ip: string): string | undefined {
  const role = roleOf(a.book, ip);
  if (!role) return undefined;
  const id = role.kind === 'host' ? role.node : role.router;
  const node = topology.nodes.find((n) => n.id === id);
  if (!node) return undefined;
  if (node.kind === 'router') return node.wanIp;
  return id === 'server' && ip !== a.book.server[0] ? (node.extraIps?.[0] ?? node.ip) : node.ip;
}

/** The lines a user would type to send what `journeys` sent, with the model's addresses. */
function linesOf(
  a: CaptureAnalysis,
  topology: TopologySpec,
  max: number,
): { lines: { actor: string; command: string }[]; byJourney: Map<number, string> } {
  const lines: { actor: string; command: string }[] = [];
  const byJourney = new Map<number, string>();
  const listening = new Set<string>();
  /** The peer each one-shot `nc -lu` (the Server's) took: another peer means nc was restarted. */
  const peer = new Map<string, string>();
  const listen = (actor: CaptureHost, port: number, keep: boolean, from: string): void => {
    const key = `${actor}:${port}`;
    const restart = !keep && peer.has(key) && peer.get(key) !== from;
    if (!keep) peer.set(key, from);
    if ((listening.has(key) && !restart) || lines.length >= max) return;
    listening.add(key);
    lines.push({ actor, command: keep ? `nc -klu ${port}` : `nc -lu ${port}` });
  };
  for (const j of a.journeys) {
    if (j.end.kind === 'delivered' && chatText(j.last.payload) !== undefined) {
      const from = `${j.last.src.ip}:${j.last.src.port}`;
      listen(j.end.node, j.last.dst.port, j.end.node !== 'server', from);
    }
    const text = chatText(j.sent.payload);
    const to = modelIp(a, topology, j.sent.dst.ip);
    if (!j.sender || text === undefined || to === undefined || lines.length >= max) continue;
    const real = `echo "${text}" | nc -p ${j.sent.src.port} -u ${j.sent.dst.ip} ${j.sent.dst.port}`;
    byJourney.set(j.id, real);
    lines.push({
      actor: j.sender,
      command: `echo "${text}" | nc -p ${j.sent.src.port} -u ${to} ${j.sent.dst.port}`,
    });
  }
  // Each listener comes right before the first datagram it received, as its user started it.
  return { lines, byJourney };
}

/** The events of one journey, in the saved run's wire shape. */
function eventsOf(
  j: Journey,
  command: string | undefined,
  step: number,
  sends: NatSends,
): LabRunAnyEvent[] {
  const out: LabRunAnyEvent[] = [];
  if (j.sender) {
    if (command !== undefined) {
      out.push({
        from: j.sender,
        event: { type: 'command', t: j.t, actor: j.sender, text: command, step },
      });
    }
    out.push({
      from: j.sender,
      event: { type: 'sent', t: j.t, node: j.sender, packet: packetToWire(j.sent) },
    });
  }
  for (const r of j.rewrites) {
    const [before, after] = [packetToWire(r.before), packetToWire(r.after)];
    const { t, router, direction } = r;
    out.push({ router, event: { type: 'translated', t, node: router, direction, before, after } });
    if (direction !== 'outbound') continue;
    sends.record(router, r.after);
  }
  if (j.end.kind === 'dropped') {
    const router = j.end.router;
    const reason = sends.reason(router, j.last);
    const detail = `seen reaching ${router} at ${j.last.dst.ip}:${j.last.dst.port}, never on its LAN`;
    const packet = packetToWire(j.last);
    out.push({
      router,
      event: { type: 'dropped', t: j.end.t, node: router, packet, reason, detail },
    });
  } else if (j.end.kind === 'refused') {
    const node = j.end.node;
    out.push({
      from: node,
      event: {
        type: 'dropped',
        t: j.end.t,
        node,
        packet: packetToWire(j.last),
        reason: 'port-unreachable',
        detail: `ICMP port unreachable: nothing listened on ${j.last.dst.port}`,
      },
    });
  } else if (j.end.kind === 'delivered') {
    const node = j.end.node;
    out.push({
      from: node,
      event: {
        type: 'delivered',
        t: j.end.t,
        node,
        packet: packetToWire(j.last),
        socket: { ...j.last.dst },
      },
    });
    const text = chatText(j.last.payload);
    if (text !== undefined) {
      out.push({
        from: node,
        event: { type: 'output', t: j.end.t, actor: node, text, stream: 'stdout' },
      });
    }
  }
  return out;
}

/** Reads `bytes` (a pcap or pcapng) as a saved lab run; throws CaptureError when it cannot. */
export function importCapture(bytes: Uint8Array, options: ImportOptions = {}): CaptureImport {
  const analysis = analyseCapture(bytes, options);
  const guessed: CaptureNats = {
    'alice-nat': analysis.nat['alice-nat'].preset,
    'bob-nat': analysis.nat['bob-nat'].preset,
  };
  const nat: CaptureNats = { ...guessed, ...options.nat };
  const topology = walkthroughTopology(nat['bob-nat'], nat['alice-nat']);
  const { lines, byJourney } = linesOf(analysis, topology, options.maxLines ?? 100);
  const events: LabRunAnyEvent[] = [];
  const sends = new NatSends();
  let step = 0;
  for (const j of analysis.journeys) {
    const command = byJourney.get(j.id);
    events.push(...eventsOf(j, command, command === undefined ? step : step++, sends));
  }
  events.sort((x, y) => x.event.t - y.event.t);
  const kept = events.slice(0, MAX_LAB_RUN_EVENTS);
  const file: LabRunFile = {
    format: LAB_RUN_FORMAT,
    version: LAB_RUN_VERSION,
    savedAt: new Date(analysis.observed.epochMs).toISOString(),
    source: 'capture',
    setup: { scenario: 'walkthrough', nat: { ...nat }, stopAfter: 0 },
    guessed: { ...guessed },
    topology,
    lines,
    events: kept,
  };
  return { analysis, file, guessed, dropped: events.length - kept.length };
}
