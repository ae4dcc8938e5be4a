/**
 * `agujero punch --server HOST:9000 --name bob --peer alice`: the whole hole punch of one side,
 * automatically (register, learn the peer's public endpoint, punch, keepalive, chat), printing
 * each phase, the time to the first packet each way, and, when it fails, why in the model's terms.
 */
import { DEFAULT_TIMING } from '../../src/machines/peer.ts';
import type { PeerPhase } from '../../src/machines/peer.ts';
import { formatEndpoint } from '../../src/model/endpoint.ts';
import {
  MAX_CHAT,
  NAME,
  RENDEZVOUS_PORT,
  formatRendezvous,
} from '../../src/protocol/rendezvous.ts';
import { punch } from '../peer/punch.ts';
import type { PunchResult } from '../peer/punch.ts';
import { startPunchReport } from '../peer/report.ts';
import type { PunchReport } from '../peer/report.ts';
import { TOKEN_ENV } from '../agent/token.ts';
import { hubFlags, shownCommand } from './punch-hub.ts';
import type { CommandIo, LabCommand } from './command.ts';
import { EXIT, UsageError, intFlag, ipFlag, parseFlags, portFlag } from './command.ts';
import { CAPTURE_FLAGS, captureFromFlags, captureHelp, stopCapture } from '../capture/flag.ts';
import type { MachineCapture } from '../capture/machine.ts';

const HELP = `usage: agujero punch --server HOST[:PORT] --name NAME --peer PEER [--port PORT]
                      [--message TEXT] [--json] [--timeout S] [--delay MS] [--hold S]
                      [--hub URL [--room NAME] [--role alice|bob] [--token-file PATH]]
                      [--capture FILE.pcapng [--capture-optional]]

Punch a UDP hole to PEER through both NATs, the walkthrough done automatically: register NAME
with the rendezvous server (it tells each side the other's public ip:port), send punches toward
the peer's public endpoint (retrying lost ones), answer the peer's punches at once, chat one line
each way, keep the hole open with keepalives while --hold lasts. Each phase is printed as it
happens, then the time from learning the peer to its first packet, each way. When the punch fails,
the last line says why: no answer from the server, the peer never registered, every punch was
filtered (and whether a NAT changed a port: a symmetric NAT), the peer's packets came from another
port than the server saw (endpoint-dependent mapping), or a Linux conntrack clash.

With --hub, the punch is also streamed into the lab's hub (the one \`agujero server\` prints), so
the browsers of the room watch it live: every datagram sent and received, each phase, the end.
It joins as ROLE (--role, default the --name when that is alice or bob) without taking the
place of the room's agent. The token: ${TOKEN_ENV}, --token-file PATH (mode 0600) or --token.

options:
  -s, --server HOST[:PORT]  the rendezvous server (IPv4; port default ${RENDEZVOUS_PORT}), e.g. the
                            one \`agujero server\` runs
  -n, --name NAME           this side's name (letters, digits, . _ -; at most 32)
      --peer PEER           the other side's name
  -p, --port PORT           local UDP port to punch from (default: the kernel picks one)
  -b, --bind IP             local address to bind (default: every address)
  -m, --message TEXT        the chat line sent once connected (default "soy Name")
      --json                print one JSON object at the end (phases, times, reason)
  -t, --timeout S           give up waiting for the peer after S seconds, and punching after S
                            more (default ${DEFAULT_TIMING.waitMs / 1000} and ${DEFAULT_TIMING.punchMs / 1000})
      --delay MS            hold the first punch MS ms after learning the peer (the walkthrough's
                            Bob answers late: with Linux routers whose INPUT accepts, the clash)
      --hold S              keep the hole open S seconds after the chat, a keepalive every
                            ${DEFAULT_TIMING.keepaliveMs / 1000} s (default 0)
      --hub URL             also stream the punch to this hub, ws://HOST:8080/hub
      --room NAME           the pair's room on that hub (1-32 letters, digits, dashes)
      --role alice|bob      whose events they are (default: --name, when alice or bob)
      --token-file PATH     the hub's token, from a file only its owner may read
      --token TOKEN         the hub's token on the command line (visible in ps)
${captureHelp(28)}
  -h, --help                this text

examples:
  agujero server                                                   # on the Server: rendezvous on 9000
  agujero punch --server 203.0.113.162 --name bob --peer alice --port 58888 --message "soy Bob"
  agujero punch --server 203.0.113.162 --name alice --peer bob --port 53333 --message "soy Alice"
  agujero punch -s 127.0.0.1:9000 -n alice --peer bob --json       # both on one machine
  ${TOKEN_ENV}=Xk3... agujero punch -s 203.0.113.162 -n bob --peer alice --hub ws://203.0.113.162:8080/hub
  echo "register bob alice" | nc -u -w 1 203.0.113.162 9000        # the protocol, typed by hand

Exit status: 0 connected, 1 the punch failed (the reason is printed), 2 a bad command line.
`;

const OPTIONS = {
  server: { type: 'string', short: 's' },
  name: { type: 'string', short: 'n' },
  peer: { type: 'string' },
  port: { type: 'string', short: 'p' },
  bind: { type: 'string', short: 'b' },
  message: { type: 'string', short: 'm' },
  json: { type: 'boolean' },
  timeout: { type: 'string', short: 't' },
  delay: { type: 'string' },
  hold: { type: 'string' },
  hub: { type: 'string' },
  room: { type: 'string' },
  role: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  ...CAPTURE_FLAGS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** Reads HOST[:PORT]. */
function serverFlag(text: string | boolean | undefined): { ip: string; port: number } {
  if (text === undefined)
    throw new UsageError('punch', 'missing --server HOST[:PORT] (the rendezvous server)');
  const [host, port, extra] = String(text).split(':');
  if (extra !== undefined)
    throw new UsageError('punch', `--server: ${JSON.stringify(text)} is not HOST[:PORT]`);
  return {
    ip: ipFlag('punch', '--server', host) as string,
    port: portFlag('punch', '--server port', port) ?? RENDEZVOUS_PORT,
  };
}

function nameFlag(flag: string, text: string | boolean | undefined): string {
  if (text === undefined) throw new UsageError('punch', `missing ${flag} NAME`);
  if (typeof text !== 'string' || !NAME.test(text)) {
    throw new UsageError(
      'punch',
      `${flag}: ${JSON.stringify(text)} is not a name (1-32 letters, digits, . _ -)`,
    );
  }
  return text;
}

function messageFlag(text: string | boolean | undefined, name: string): string {
  const message =
    text === undefined ? `soy ${name.charAt(0).toUpperCase()}${name.slice(1)}` : String(text);
  try {
    formatRendezvous({ type: 'chat', from: name, seq: 0, text: message });
  } catch {
    throw new UsageError('punch', `--message: must be 1-${MAX_CHAT} characters on one line`);
  }
  return message;
}

const ms = (n: number | undefined): string => (n === undefined ? '-' : `${n.toFixed(1)} ms`);

/** The lines printed at the end without --json. */
function summary(r: PunchResult, name: string, peer: string): string {
  if (!r.ok) return `punch failed (${r.reason?.code}): ${r.reason?.text}\n`;
  return [
    `connected: ${name} ${r.self ? formatEndpoint(r.self) : '?'} <-> ${peer} ${r.peer ? formatEndpoint(r.peer.endpoint) : '?'} (local ${formatEndpoint(r.local)})`,
    `  ${peer} -> ${name}: first packet ${ms(r.inboundMs)} after learning ${peer}'s endpoint`,
    `  ${name} -> ${peer}: confirmed by ${peer} ${ms(r.outboundMs)} after (one round trip at most)`,
    `  ${peer} says: ${r.chatIn ?? '(nothing arrived)'}`,
    `  punches sent: ${r.punches}, keepalives: ${r.keepalives}`,
    '',
  ].join('\n');
}

/** The capture a run started, stopped however the run ends. */
interface Held {
  capture?: MachineCapture;
  file?: string;
  say?: (text: string) => void;
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const held: Held = {};
  try {
    return await punchRun(argv, io, held);
  } finally {
    await stopCapture(held.capture, held.file, held.say ?? io.out);
  }
}

async function punchRun(argv: readonly string[], io: CommandIo, held: Held): Promise<number> {
  const { values: v } = parseFlags('punch', argv, OPTIONS);
  if (v.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  const missing = [
    v.server === undefined ? '--server HOST[:PORT] (the rendezvous server)' : undefined,
    v.name === undefined ? '--name NAME (this side, e.g. alice)' : undefined,
    v.peer === undefined ? '--peer NAME (the other side, e.g. bob)' : undefined,
  ].filter((m) => m !== undefined);
  if (missing.length > 1) {
    throw new UsageError(
      'punch',
      `missing ${missing.join(', ')}; e.g. agujero punch --server 203.0.113.162:9000 --name alice --peer bob`,
    );
  }
  const server = serverFlag(v.server);
  const name = nameFlag('--name', v.name);
  const peer = nameFlag('--peer', v.peer);
  if (name === peer)
    throw new UsageError('punch', `--name and --peer are both ${JSON.stringify(name)}`);
  const message = messageFlag(v.message, name);
  const port = portFlag('punch', '--port', v.port);
  const bindIp = ipFlag('punch', '--bind', v.bind, true);
  const timeoutS = intFlag(
    'punch',
    '--timeout',
    v.timeout,
    1,
    3600,
    'a whole number of seconds (1-3600)',
  );
  const delayMs = intFlag('punch', '--delay', v.delay, 0, 60_000, 'a whole number of ms (0-60000)');
  const holdS = intFlag(
    'punch',
    '--hold',
    v.hold,
    0,
    86_400,
    'a whole number of seconds (0-86400)',
  );
  const timing = {
    ...(timeoutS === undefined ? {} : { waitMs: timeoutS * 1000, punchMs: timeoutS * 1000 }),
    ...(delayMs === undefined ? {} : { delayMs }),
    ...(holdS === undefined ? {} : { holdMs: holdS * 1000 }),
  };
  const hub = hubFlags(v, name, io);
  const ports = { rendezvous: server.port, stun: [3478, 3479], more: port ? [port] : [] };
  const say = v.json ? io.err : io.out;
  const capture = await captureFromFlags('punch', v, { role: name, ports }, io, say);
  if (capture === 'refused') return EXIT.failure;
  held.capture = capture;
  held.file = String(v.capture);
  held.say = say;
  let report: PunchReport | undefined;
  if (hub) {
    try {
      report = await startPunchReport({
        ...hub,
        command: shownCommand(server, name, peer, port),
        // a try that failed and will be made again: one progress line each
        log: (line) => {
          if (/^(cannot reach|disconnected)/.test(line)) io.err(`punch: --hub: ${line}\n`);
        },
      });
    } catch (e) {
      io.err(
        `punch: --hub: ${(e as Error).message}; nothing was sent (drop --hub to punch without it)\n`,
      );
      return EXIT.failure;
    }
    if (!v.json)
      io.out(`streaming to ${hub.hub} as ${hub.role}${hub.room ? ` in room ${hub.room}` : ''}\n`);
  }
  let t0: number | undefined;
  const onPhase = (p: PeerPhase): void => {
    t0 ??= p.at;
    const line = `[${((p.at - t0) / 1000).toFixed(3).padStart(7)} s] ${p.text}`;
    report?.phase(p, line);
    if (!v.json) io.out(`${line}\n`);
  };
  let r: PunchResult;
  try {
    r = await punch({
      server,
      name,
      peer,
      message,
      ...(port === undefined ? {} : { port }),
      ...(bindIp === undefined ? {} : { bindIp }),
      timing,
      onPhase,
      stopped: io.stopped,
      ...(report ? { onDatagram: report.datagram } : {}),
    });
    report?.done(r.ok, r.ok ? undefined : `${r.reason?.code}: ${r.reason?.text}`);
  } catch (e) {
    report?.done(false, (e as Error).message);
    throw e;
  } finally {
    await report?.stop();
  }
  if (v.json) {
    const phases = r.phases.map((p) => ({
      phase: p.phase,
      ms: +(p.at - (t0 ?? p.at)).toFixed(3),
      text: p.text,
    }));
    const json = {
      ...r,
      name,
      peerName: peer,
      server: formatEndpoint(server),
      local: formatEndpoint(r.local),
      phases,
    };
    io.out(`${JSON.stringify(json)}\n`);
  } else {
    io.out(summary(r, name, peer));
  }
  return r.ok ? EXIT.ok : EXIT.failure;
}

/** The `punch` subcommand. */
export const punchCommand: LabCommand = {
  name: 'punch',
  help: HELP,
  run,
};
