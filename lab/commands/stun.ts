/**
 * `npm run lab -- stun [...]`: classify the NAT in front of this machine against a real STUN
 * server and print what pystun prints (RFC 3489) or the RFC 5780 behaviour, the same lines the
 * simulated `pystun` prints; `stun decode HEX` is handed to stun-decode.ts.
 */
import { LAB_RETRANSMIT } from '../../src/machines/stun-probe.ts';
import { formatEndpoint } from '../../src/model/endpoint.ts';
import type { ProbeRecord } from '../../src/model/stun/probe.ts';
import { classify } from '../stun/client.ts';
import type { ClassifyResult } from '../stun/client.ts';
import type { CommandIo, LabCommand } from './command.ts';
import {
  EXIT,
  UsageError,
  failureMessage,
  intFlag,
  ipFlag,
  parseFlags,
  portFlag,
  PROG,
} from './command.ts';

const HELP = `usage: ${PROG} stun [-H HOST] [-P PORT] [-p SOURCE_PORT] [-i SOURCE_IP]
${' '.repeat(PROG.length + 12)}[--rfc5780] [--pystun-bug] [--json] [--rto MS] [-v]
       ${PROG} stun decode HEX...

Classify the NAT between this machine and a STUN server (RFC 3489 as pystun does it, or RFC 5780
behaviour discovery with --rfc5780) and print pystun's lines:
  NAT Type: Restric Port NAT
  External IP: 192.0.2.113
  External Port: 53333

options:
  -H, --host HOST          STUN server IPv4 address (default 127.0.0.1)
  -P, --port PORT          STUN server port (default 3478)
  -p, --source-port PORT   local port to send from (default: the kernel picks)
  -i, --source-ip IP       local address to bind (default: every address)
      --rfc5780            RFC 5780 mapping and filtering behaviour, in RFC 4787 terms
      --pystun-bug         send Test III to changed IP : primary port, as the original pystun did
      --json               print one JSON object (verdict, local endpoint, log, duration)
      --rto MS             retransmission timeout until the first answer (default ${LAB_RETRANSMIT.rto}:
                           ${LAB_RETRANSMIT.rc} sends every RTO, then ${LAB_RETRANSMIT.rm} x RTO); after it, RTO = 3 x the
                           smallest round trip measured, ${LAB_RETRANSMIT.measured?.minRto} to ${LAB_RETRANSMIT.rto} ms, ${LAB_RETRANSMIT.measured?.rc} sends of
                           ${LAB_RETRANSMIT.measured?.copies} copies, and independent tests go out together (RFC 8489 §6.2.1)
  -v, --verbose            progress lines (each request, answer, timeout) on stderr
  -h, --help               this text

examples:
  ${PROG} stun -H 203.0.113.162 -p 59999        # pystun's three lines, from port 59999
  ${PROG} stun -H 127.0.0.1 --rfc5780 --json    # mapping and filtering behaviour, as JSON
  ip netns exec agujero-alice ${PROG} stun -H 203.0.113.162   # from Alice, after netns up

Exit status: 0 with a verdict (Blocked included), 1 when the network failed, 2 for a bad command line.
`;

const OPTIONS = {
  host: { type: 'string', short: 'H' },
  port: { type: 'string', short: 'P' },
  'source-port': { type: 'string', short: 'p' },
  'source-ip': { type: 'string', short: 'i' },
  rfc5780: { type: 'boolean' },
  'pystun-bug': { type: 'boolean' },
  json: { type: 'boolean' },
  rto: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The JSON printed by `stun --json`. */
export interface StunJson {
  readonly mode: ClassifyResult['mode'];
  readonly server: string;
  readonly local: string;
  readonly verdict: ClassifyResult['verdict'];
  /** The lines printed without --json. */
  readonly text: string;
  readonly durationMs: number;
  readonly log: readonly string[];
  /** Every test sent and what answered it (null: no answer after every retransmission). */
  readonly probes: readonly ProbeRecord[];
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  // Loaded only for `decode`: a classification does not initialise the annotated decoder.
  if (argv[0] === 'decode') {
    return (await import('./stun-decode.ts')).stunDecodeCommand.run(argv.slice(1), io);
  }
  const { values: v } = parseFlags('stun', argv, OPTIONS);
  if (v.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  if (v.rfc5780 && v['pystun-bug']) {
    throw new UsageError('stun', '--pystun-bug applies to the RFC 3489 test, not to --rfc5780');
  }
  const host = ipFlag('stun', '-H/--host', v.host) ?? '127.0.0.1';
  const port = portFlag('stun', '-P/--port', v.port) ?? 3478;
  const sourcePort = portFlag('stun', '-p/--source-port', v['source-port']);
  const sourceIp = ipFlag('stun', '-i/--source-ip', v['source-ip'], true);
  const rto =
    intFlag('stun', '--rto', v.rto, 1, 10_000, 'a positive whole number of ms (1-10000)') ??
    LAB_RETRANSMIT.rto;
  let result: ClassifyResult;
  try {
    result = await classify({
      server: { ip: host, port },
      ...(sourceIp === undefined ? {} : { sourceIp }),
      ...(sourcePort === undefined ? {} : { sourcePort }),
      rfc5780: v.rfc5780 === true,
      pystunBug: v['pystun-bug'] === true,
      retransmit: { ...LAB_RETRANSMIT, rto },
      ...(v.verbose ? { onLog: (line: string) => io.err(`${line}\n`) } : {}),
    });
  } catch (e) {
    io.err(`stun: ${failureMessage(e)}\n`);
    return EXIT.failure;
  }
  if (v.json) {
    const json: StunJson = {
      mode: result.mode,
      server: formatEndpoint(result.server),
      local: formatEndpoint(result.local),
      verdict: result.verdict,
      text: result.text,
      durationMs: Math.round(result.durationMs * 10) / 10,
      log: result.log,
      probes: result.history,
    };
    io.out(`${JSON.stringify(json)}\n`);
  } else {
    io.out(result.text);
  }
  return EXIT.ok;
}

/** The `stun` subcommand. */
export const stunCommand: LabCommand = {
  name: 'stun',
  help: HELP,
  run,
};
