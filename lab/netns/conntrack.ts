/**
 * The conntrack view of a namespace: `conntrack -L -p udp` parsed into typed flow entries, and
 * `conntrack -F` to forget every flow between cases.
 *
 * One line of `conntrack -L -p udp` (conntrack-tools 1.4.7) reads, original tuple then reply:
 *
 *   udp      17 29 src=192.168.2.20 dst=203.0.113.162 sport=58888 dport=9000 [UNREPLIED]
 *     src=203.0.113.162 dst=198.51.100.24 sport=9000 dport=58888 mark=0 use=1
 *
 * (one line in reality). The count line ("N flow entries have been shown.") goes to stderr.
 * A source NAT shows as a reply tuple whose dst/dport differ from the original src/sport.
 */
import { NetnsError } from './errors.ts';
import { execIn } from './exec.ts';
import type { Endpoint } from '../../src/model/endpoint.ts';

/** One direction of a flow. */
export interface FlowTuple {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
}

/** One UDP flow in a namespace's conntrack table. */
export interface ConntrackEntry {
  readonly protocol: 'udp';
  /** Seconds left before the flow expires. */
  readonly timeoutSec: number;
  /** The tuple of the packet that created the flow. */
  readonly original: FlowTuple;
  /** The tuple a reply must carry to belong to the flow (after NAT). */
  readonly reply: FlowTuple;
  /** No packet has been seen in the reply direction yet. */
  readonly unreplied: boolean;
  /** The flow saw traffic both ways often enough to be kept under pressure. */
  readonly assured: boolean;
  readonly mark: number;
  /** The line as conntrack printed it. */
  readonly raw: string;
}

const TUPLE_KEYS = ['src', 'dst', 'sport', 'dport'] as const;

function tuple(fields: Map<string, string>, line: string): FlowTuple {
  const get = (k: (typeof TUPLE_KEYS)[number]): string => {
    const value = fields.get(k);
    if (value === undefined)
      throw new NetnsError('parse-error', `conntrack line without ${k}=: ${line}`);
    return value;
  };
  return {
    src: get('src'),
    dst: get('dst'),
    sport: Number(get('sport')),
    dport: Number(get('dport')),
  };
}

/** Parses one `conntrack -L -p udp` line; returns undefined for lines that are not UDP flows. */
export function parseConntrackLine(line: string): ConntrackEntry | undefined {
  const words = line.trim().split(/\s+/);
  if (words[0] !== 'udp' || words[1] !== '17') return undefined;
  const timeoutSec = Number(words[2]);
  if (!Number.isInteger(timeoutSec)) {
    throw new NetnsError('parse-error', `conntrack line without a timeout: ${line}`);
  }
  const original = new Map<string, string>();
  const reply = new Map<string, string>();
  const flags = new Set<string>();
  let mark = 0;
  for (const word of words.slice(3)) {
    if (word.startsWith('[') && word.endsWith(']')) {
      flags.add(word.slice(1, -1));
      continue;
    }
    const eq = word.indexOf('=');
    if (eq < 0) continue;
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    if (key === 'mark') mark = Number(value);
    else if ((TUPLE_KEYS as readonly string[]).includes(key)) {
      (original.has(key) ? reply : original).set(key, value);
    }
  }
  return {
    protocol: 'udp',
    timeoutSec,
    original: tuple(original, line),
    reply: tuple(reply, line),
    unreplied: flags.has('UNREPLIED'),
    assured: flags.has('ASSURED'),
    mark,
    raw: line.trim(),
  };
}

/** Parses the whole output of `conntrack -L -p udp`. */
export function parseConntrack(text: string): ConntrackEntry[] {
  const entries: ConntrackEntry[] = [];
  for (const line of text.split('\n')) {
    const entry = parseConntrackLine(line);
    if (entry) entries.push(entry);
  }
  return entries;
}

/**
 * The address and port a flow's first packet left with after NAT, as the far side sees it
 * (the reply tuple's destination). Equals the original source when nothing was translated.
 */
export function translatedSource(entry: ConntrackEntry): Endpoint {
  return { ip: entry.reply.dst, port: entry.reply.dport };
}

/** Lists the UDP flows of namespace `ns`. */
export async function listUdpFlows(ns: string, timeoutMs = 3_000): Promise<ConntrackEntry[]> {
  const r = await execIn(ns, ['conntrack', '-L', '-p', 'udp'], { timeoutMs });
  if (!r.ok) {
    throw new NetnsError('command-failed', `conntrack -L failed in ${ns}: ${r.stderr.trim()}`, r);
  }
  return parseConntrack(r.stdout);
}

/** Forgets every flow of namespace `ns` (all protocols): `conntrack -F`. */
export async function flushFlows(ns: string, timeoutMs = 3_000): Promise<void> {
  const r = await execIn(ns, ['conntrack', '-F'], { timeoutMs });
  if (!r.ok) {
    throw new NetnsError('command-failed', `conntrack -F failed in ${ns}: ${r.stderr.trim()}`, r);
  }
}

/** Linux's default UDP conntrack timeouts (seconds): a flow, and a flow that saw replies. */
export const DEFAULT_UDP_TIMEOUTS = { udpSec: 30, streamSec: 120 } as const;

/**
 * Sets namespace `ns`'s UDP conntrack timeouts (`nf_conntrack_udp_timeout` and `_stream`, which
 * are per network namespace), for expiry experiments that cannot wait 30 s.
 */
export async function setUdpTimeouts(
  ns: string,
  t: { readonly udpSec: number; readonly streamSec: number },
  timeoutMs = 3_000,
): Promise<void> {
  for (const [what, sec] of [
    ['udpSec', t.udpSec],
    ['streamSec', t.streamSec],
  ] as const) {
    if (!Number.isInteger(sec) || sec < 1 || sec > 86_400) {
      throw new NetnsError(
        'invalid-argument',
        `invalid ${what} ${String(sec)}: expected 1-86400 seconds`,
      );
    }
  }
  const r = await execIn(
    ns,
    [
      'sysctl',
      '-q',
      '-w',
      `net.netfilter.nf_conntrack_udp_timeout=${t.udpSec}`,
      `net.netfilter.nf_conntrack_udp_timeout_stream=${t.streamSec}`,
    ],
    { timeoutMs },
  );
  if (!r.ok) {
    throw new NetnsError(
      'command-failed',
      `sysctl conntrack timeouts failed in ${ns}: ${r.stderr.trim()}`,
      r,
    );
  }
}
