/**
 * `agujero netns capture`: records a lab run in the namespaces of an `up` topology, tcpdump on
 * its three segments merged into one pcapng (lab/netns/capture.ts), until Ctrl-C or --seconds;
 * then reads it back as the browser will (src/app/capture-import.ts) and prints who saw which
 * ip:port, each NAT's rewrites and drops, and the NAT types the capture behaved like. With
 * --run it also writes the saved-run JSON the course opens.
 */
import { writeFileSync } from 'node:fs';
import { importCapture } from '../../src/app/capture-import.ts';
import { CaptureError, reasonText } from '../../src/capture/index.ts';
import { formatEndpoint } from '../../src/model/endpoint.ts';
import { formatLabRun } from '../../src/protocol/lab-run.ts';
import { startCapture, CAPTURE_POINTS } from '../netns/capture.ts';
import { namedStatus } from '../netns/named.ts';
import { namespaceNames } from '../netns/plan.ts';
import { checkTopologyName } from '../netns/state.ts';
import type { CommandIo } from './command.ts';
import { EXIT, PROG, UsageError, intFlag, parseFlags } from './command.ts';

/** `netns capture --help`. */
export const CAPTURE_HELP = `usage: ${PROG} netns capture --out FILE.pcapng [--seconds N] [--run FILE.json] [--name NAME]

Record what crosses the namespaces of a topology that \`${PROG} netns up\` built: tcpdump on
its three segments (the internet bridge, and the LAN side of each NAT router; UDP and ICMP
only, so the live hub's WebSocket is left out), until Ctrl-C or N seconds, merged into one
pcapng with one interface per segment (internet, alice-nat-lan, bob-nat-lan), the same names
as the simulator's Download pcapng. Then it reads the file back as the course will: who sent
what, what each NAT rewrote, where each datagram arrived or died.

Open the file in the course ("Open a saved run" accepts .pcap and .pcapng) to replay it
beside the model's prediction for the same NATs, or in Wireshark. Needs root and tcpdump.

options:
  --out FILE       the pcapng to write (required)
  --seconds N      stop after N seconds (1-3600; default: at Ctrl-C)
  --run FILE       also write the saved-run JSON the course opens (the same import)
  --name NAME      the topology (default agujero)
  -h, --help       this text

example, in two terminals:
  ${PROG} netns up --alice restricted-cone --bob full-cone
  ${PROG} netns capture --out run.pcapng            # terminal 1, Ctrl-C when done
  ip netns exec agujero-server nc -lu 9000          # terminal 2: the walkthrough ...
  ip netns exec agujero-bob sh -c 'echo toc | nc -q0 -p 58888 -u ${'203.0.113.162'} 9000'
`;

const FLAGS = {
  out: { type: 'string', short: 'o' },
  seconds: { type: 'string' },
  run: { type: 'string' },
  name: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What the capture read back says, one line per packet and per NAT. */
function summary(bytes: Uint8Array): string {
  let imp;
  try {
    imp = importCapture(bytes);
  } catch (e) {
    if (e instanceof CaptureError) return `  (nothing to read back: ${e.message})\n`;
    throw e;
  }
  const lines = imp.analysis.journeys.map((j) => {
    const from = `${j.sender ?? '?'} ${formatEndpoint(j.sent.src)}`;
    const nat = j.rewrites.map(
      (r) =>
        ` ${r.router} ${r.direction === 'outbound' ? formatEndpoint(r.after.src) : formatEndpoint(r.after.dst)}`,
    );
    const end =
      j.end.kind === 'delivered'
        ? `delivered to ${j.end.node} from ${formatEndpoint(j.last.src)}`
        : j.end.kind === 'refused'
          ? `refused by ${j.end.node} (ICMP port unreachable)`
          : j.end.kind === 'dropped'
            ? `dropped at ${j.end.router}`
            : 'not seen arriving';
    return `  #${j.id} ${(j.t / 1000).toFixed(3)}s ${from} -> ${formatEndpoint(j.sent.dst)}${nat.length ? ` via${nat.join(',')}` : ''}: ${end}\n`;
  });
  const nats = Object.values(imp.analysis.nat).map(
    (n) =>
      `  ${n.router}: behaved like ${n.preset}${n.evidence ? '' : ' (assumed)'}: ${reasonText(n.why)}\n`,
  );
  return `${lines.join('')}${nats.join('')}`;
}

/** Runs `netns capture`. */
export async function captureCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseFlags('netns capture', argv, FLAGS);
  if (v.help) {
    io.out(CAPTURE_HELP);
    return EXIT.ok;
  }
  if (typeof v.out !== 'string' || v.out === '') {
    throw new UsageError('netns capture', '--out FILE.pcapng is required');
  }
  const seconds = intFlag('netns capture', '--seconds', v.seconds, 1, 3600);
  const name = typeof v.name === 'string' ? v.name : 'agujero';
  try {
    checkTopologyName(name);
  } catch {
    throw new UsageError('netns capture', `--name: ${JSON.stringify(name)} is not a topology name`);
  }
  const status = await namedStatus(name);
  if (status.state !== 'up') {
    io.err(
      `netns capture: topology ${name} is ${status.state} (${status.detail}); start it with '${PROG} netns up --alice TYPE --bob TYPE${name === 'agujero' ? '' : ` --name ${name}`}'\n`,
    );
    return EXIT.failure;
  }
  const running = await startCapture(namespaceNames(name));
  io.out(
    `capturing on ${CAPTURE_POINTS.map((p) => `${p.segment} (${p.iface})`).join(', ')}; ${seconds ? `${seconds} s` : 'Ctrl-C to stop'}\n`,
  );
  let timer: NodeJS.Timeout | undefined;
  const why = await Promise.race([
    io.stopped,
    new Promise<string>((resolve) => {
      if (seconds) timer = setTimeout(() => resolve(`${seconds} s`), seconds * 1000);
    }),
  ]);
  clearTimeout(timer);
  const bytes = await running.stop();
  writeFileSync(v.out, bytes);
  io.out(`stopped (${why}): wrote ${v.out} (${bytes.length} bytes)\n${summary(bytes)}`);
  if (typeof v.run === 'string') {
    try {
      writeFileSync(v.run, formatLabRun(importCapture(bytes).file));
      io.out(`wrote ${v.run}: open it with "Open a saved run" in the course\n`);
    } catch (e) {
      if (!(e instanceof CaptureError)) throw e;
      io.err(`netns capture: no saved run written: ${e.message}\n`);
    }
  }
  return EXIT.ok;
}
