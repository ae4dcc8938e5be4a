/**
 * The one capture filter `--capture` uses, built only from port numbers this program checked
 * (the rendezvous port, the STUN ports, the punch's own port): the lab's UDP and the ICMP port
 * unreachable answers, and nothing else of the machine. The walkthrough's steps bind a local
 * port of 1024 or more and talk to high ports, so every datagram between two such ports is kept
 * too, except the chatter of mDNS, LLMNR and SSDP, which share those ranges. Nothing from the
 * network or the command line reaches the filter as text.
 */
import { MIN_LOCAL_PORT } from '../../src/protocol/fields.ts';

/** The ports the lab uses on this machine. */
export interface FilterPorts {
  /** The Server's rendezvous port (9000 unless told otherwise). */
  readonly rendezvous: number;
  /** The STUN ports (3478 and 3479). */
  readonly stun: readonly number[];
  /** Any other fixed port (a punch's --port). */
  readonly more?: readonly number[];
}

/** The walkthrough's defaults. */
export const LAB_PORTS: FilterPorts = { rendezvous: 9000, stun: [3478, 3479] };

/** Local-network discovery protocols on high ports that are never the lab's. */
export const NOISE_PORTS = [1900, 5353, 5355] as const;

function port(p: number): number {
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw new RangeError(`not a UDP port: ${p}`);
  return p;
}

/** The BPF filter text (libpcap syntax) for `ports`. */
export function captureFilter(ports: FilterPorts): string {
  const named = [...new Set([ports.rendezvous, ...ports.stun, ...(ports.more ?? [])].map(port))];
  const lab = [
    ...named.map((p) => `port ${p}`),
    `(src portrange ${MIN_LOCAL_PORT}-65535 and dst portrange ${MIN_LOCAL_PORT}-65535)`,
  ].join(' or ');
  const noise = NOISE_PORTS.map((p) => `not port ${p}`).join(' and ');
  // ICMP type 3 code 3: destination unreachable, port unreachable.
  return `(udp and (${lab}) and ${noise}) or (icmp and icmp[0] = 3 and icmp[1] = 3)`;
}
