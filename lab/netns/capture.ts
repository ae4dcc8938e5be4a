/**
 * Capturing a lab run in the namespaces: one tcpdump per segment (the internet bridge, and the
 * LAN side of each NAT router), each inside its namespace, writing pcap to a pipe; stopped
 * together and merged into one pcapng with one interface per segment (src/capture/merge.ts),
 * named as the simulator's own export names them. UDP only (the hub's WebSocket is TCP).
 *
 * ```
 *   internet  (br0 in the internet namespace: every WAN datagram, once)
 *   alice-nat-lan  (lan0 in alice-nat: Alice's side of her NAT)
 *   bob-nat-lan    (lan0 in bob-nat)
 * ```
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { CaptureFile } from '../../src/capture/container.ts';
import { readPcap } from '../../src/capture/pcap-read.ts';
import { mergeCaptures } from '../../src/capture/merge.ts';
import { NetnsError } from './errors.ts';
import { inNamespace } from './exec.ts';
import { IFACES } from './plan.ts';
import type { Role } from './plan.ts';

/** Where a capture listens: a segment, in which namespace, on which interface. */
export interface CapturePoint {
  readonly segment: string;
  readonly role: Role;
  readonly iface: string;
  readonly description: string;
}

/** The three segments of the test bed. */
export const CAPTURE_POINTS: readonly CapturePoint[] = [
  { segment: 'internet', role: 'internet', iface: IFACES.bridge, description: 'WAN: the internet' },
  {
    segment: 'alice-nat-lan',
    role: 'aliceNat',
    iface: IFACES.lan,
    description: 'LAN of alice-nat, 192.168.1.0/24',
  },
  {
    segment: 'bob-nat-lan',
    role: 'bobNat',
    iface: IFACES.lan,
    description: 'LAN of bob-nat, 192.168.2.0/24',
  },
];

/** The capture filter: UDP over IPv4, and ICMP (port unreachable answers). */
export const CAPTURE_FILTER = ['udp', 'or', 'icmp'] as const;
/** The most bytes one segment's capture keeps (then the capture stops with an error). */
export const MAX_SEGMENT_BYTES = 32 * 1024 * 1024;

/** A capture running; `stop` ends it and gives the merged pcapng. */
export interface RunningCapture {
  /** Stops every tcpdump (SIGTERM, then SIGKILL after 2 s) and merges what they wrote. */
  stop(): Promise<Uint8Array>;
  /** Stops without merging (on errors and Ctrl-C). */
  kill(): void;
}

interface Tap {
  readonly point: CapturePoint;
  readonly child: ChildProcess;
  readonly chunks: Buffer[];
  readonly exited: Promise<void>;
  bytes: number;
  stderr: string;
}

function tapOn(ns: string, point: CapturePoint): Tap {
  const argv = inNamespace(ns, [
    'tcpdump',
    '-i',
    point.iface,
    '-n',
    '-U',
    '--immediate-mode',
    '-Z',
    'root',
    '-w',
    '-',
    ...CAPTURE_FILTER,
  ]);
  const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  const tap: Tap = {
    point,
    child,
    chunks: [],
    bytes: 0,
    stderr: '',
    exited: new Promise((resolve) => child.on('close', () => resolve())),
  };
  child.stdout?.on('data', (d: Buffer) => {
    tap.bytes += d.length;
    if (tap.bytes > MAX_SEGMENT_BYTES) child.kill('SIGKILL');
    else tap.chunks.push(d);
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (tap.stderr += d.slice(0, 4000)));
  child.on('error', () => undefined);
  return tap;
}

/** What a tap wrote; nothing at all (killed before its header) is an empty Ethernet capture. */
function pcapOf(tap: Tap): CaptureFile {
  const bytes = new Uint8Array(Buffer.concat(tap.chunks));
  if (bytes.length === 0)
    return { format: 'pcap', interfaces: [{ linkType: 1, section: 0 }], frames: [] };
  return readPcap(bytes);
}

/** Resolves once tcpdump says it listens; rejects if it exits or is silent for `timeoutMs`. */
function ready(tap: Tap, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      if (/listening on/.test(tap.stderr)) return resolve();
      if (
        tap.child.exitCode !== null ||
        tap.child.signalCode !== null ||
        Date.now() - started > timeoutMs
      ) {
        const why = tap.stderr.trim() || 'no output';
        const missing = /No such file|not found|ENOENT/.test(why);
        return reject(
          new NetnsError(
            missing ? 'missing-binary' : 'command-failed',
            `tcpdump on ${tap.point.segment} (${tap.point.iface}) did not start: ${why}`,
          ),
        );
      }
      setTimeout(check, 20);
    };
    check();
  });
}

/**
 * Starts capturing every segment of the topology whose namespaces are `ns` (role -> name);
 * resolves once all three listen.
 */
export async function startCapture(
  ns: Readonly<Record<Role, string>>,
  timeoutMs = 5_000,
): Promise<RunningCapture> {
  const taps = CAPTURE_POINTS.map((p) => tapOn(ns[p.role], p));
  const kill = (): void => taps.forEach((t) => t.child.kill('SIGKILL'));
  try {
    await Promise.all(taps.map((t) => ready(t, timeoutMs)));
  } catch (e) {
    kill();
    throw e;
  }
  return {
    kill,
    async stop(): Promise<Uint8Array> {
      for (const t of taps) t.child.kill('SIGTERM');
      const timer = setTimeout(kill, 2_000);
      await Promise.all(taps.map((t) => t.exited));
      clearTimeout(timer);
      const over = taps.find((t) => t.bytes > MAX_SEGMENT_BYTES);
      if (over) {
        throw new NetnsError(
          'command-failed',
          `the capture of ${over.point.segment} passed ${MAX_SEGMENT_BYTES} bytes and was stopped`,
        );
      }
      return mergeCaptures(
        taps.map((t) => ({
          name: t.point.segment,
          description: t.point.description,
          capture: pcapOf(t),
        })),
      );
    },
  };
}
