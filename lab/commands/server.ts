/**
 * `agujero server`: the walkthrough's Server for a class. A UDP rendezvous on 9000 that prints
 * each datagram and the public ip:port it came from (what `nc -lu 9000` plus `ss -unp` show), the
 * STUN server when given two addresses, and the hub agents and browsers connect to, serving the
 * built web app when there is one. It prints the URL and token to give the students and runs
 * until SIGINT or SIGTERM.
 */
import { count } from '../../src/protocol/count.ts';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { formatEndpoint } from '../../src/model/endpoint.ts';
import type { AgentInfo } from '../../src/protocol/messages.ts';
import { startHub } from '../hub/hub.ts';
import type { Hub } from '../hub/hub.ts';
import { isLoopbackHost } from '../hub/origin.ts';
import { startRendezvous } from '../hub/rendezvous.ts';
import { serverIps } from '../hub/server-ips.ts';
import { TOKEN_ENV, TOKEN_ON_ARGV_NOTE, readToken } from '../agent/token.ts';
import type { Rendezvous } from '../hub/rendezvous.ts';
import { startStunServer } from '../stun/server.ts';
import type { LabStunServer } from '../stun/server.ts';
import type { CommandIo, LabCommand } from './command.ts';
import { EXIT, PROG, UsageError, failureMessage, intFlag, ipFlag, parseFlags } from './command.ts';
import { lineThrottle } from './line-throttle.ts';
import { CAPTURE_FLAGS, captureFromFlags, captureHelp, stopCapture } from '../capture/flag.ts';

const HELP = `usage: ${PROG} server [--host IP] [--port 8080] [--udp-port 9000] [--token-file PATH] [--origin URL]...
${' '.repeat(PROG.length + 8)}[--public-ip IP] [--stun-primary IP --stun-alternate IP] [--web DIR]
${' '.repeat(PROG.length + 8)}[--listen-fd N] [-v] [--capture FILE.pcapng [--capture-optional]]

The walkthrough's Server, for a class: a UDP rendezvous that prints each datagram and the
public ip:port it came from (what \`nc -lu 9000\` and \`ss -unp\` show), the STUN server when given
two addresses, and the hub that students' agents (\`${PROG} agent\`) and browsers connect to.
The rendezvous also answers \`${PROG} punch\`'s register lines with the public endpoints it saw.
It prints the hub's URL and a token to give the students. Runs until Ctrl-C (SIGINT) or SIGTERM.

The hub listens on 127.0.0.1 unless --host says otherwise; agents and browsers must say the
token; browsers are accepted only from the hub's own pages, the simulator's dev server
(http://127.0.0.1:5173) and each --origin. Agents run only fixed steps (nc send and listen,
the STUN classifier) with checked addresses and ports, never a command line, and send only to
the lab's machines: this Server, and the room's agents at the address their connection came
from, what the rendezvous saw of them (the lessons' server.saw.X), or the LAN addresses they
reported (private or local-scope only, checked when they register, and only from an agent on
that same LAN, behind the same public address).

One hub serves a class: each pair picks a room (agent --room NAME, and &room=NAME in the
lessons link); a browser sees and drives only its room's agents.

The token: a random one unless --token-file PATH (mode 0600) or ${TOKEN_ENV} gives it; --token T
works too, but every user of the machine sees a command line (ps).

options:
      --host IP             address to listen on, TCP (hub) and UDP (rendezvous); default
                            127.0.0.1; 0.0.0.0 for every interface (students on other machines)
      --port PORT           the hub's TCP port (default 8080)
      --udp-port PORT       the rendezvous's UDP port (default 9000)
      --token-file PATH     read the token to require from PATH (only its owner may read it);
                            or set ${TOKEN_ENV}; default: a random one, printed
      --token TOKEN         the token on the command line (visible in ps; for a quick try)
      --origin URL          also accept browsers from this origin (repeatable)
      --stun-primary IP     run the STUN server on IP:3478/3479 ...
      --stun-alternate IP   ... and IP2:3478/3479 (both addresses must be this machine's)
      --public-ip IP        the address students reach this machine at when no interface has it
                            (a cloud machine's public address): printed, its pages' origin
                            allowed, and a Server address steps may send to
      --web DIR             serve the built web app from DIR (default dist/ when it exists)
      --listen-fd N         also serve the hub on the listening TCP socket inherited as fd N
                            (\`${PROG} netns up --live\` passes one bound on the host's 127.0.0.1)
  -v, --verbose             print every datagram (default: the first few of each peer)
${captureHelp(28)}
  -h, --help                this text

examples:
  ${PROG} server                                  # on this machine only, to try it out
  ${PROG} server --host 0.0.0.0                   # for a class: students reach it by your address
  ${PROG} server --host 0.0.0.0 --stun-primary 192.0.2.10 --stun-alternate 192.0.2.11
  ${PROG} server --host 0.0.0.0 --public-ip 203.0.113.5   # a cloud machine behind a 1:1 NAT
  echo "toc" | nc -p 58888 -u 127.0.0.1 9000       # from another terminal: the server prints it
  sudo ${PROG} server --host 0.0.0.0 --capture server.pcapng   # and record what the Server saw

Exit status: 0 after Ctrl-C, 1 when a port cannot be bound, 2 for a bad command line.
`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'udp-port': { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  origin: { type: 'string', multiple: true },
  'stun-primary': { type: 'string' },
  'stun-alternate': { type: 'string' },
  'public-ip': { type: 'string' },
  web: { type: 'string' },
  'listen-fd': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  ...CAPTURE_FLAGS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** One agent in the server's "agents:" line: role, room, nc, host and addresses. */
function agentText(a: AgentInfo): string {
  const where = [
    a.room ? `room ${a.room}` : '',
    `nc ${a.nc.variant}`,
    a.host ?? '',
    a.lan?.length ? `LAN ${a.lan.join(' ')}` : '',
    a.public ? `from ${a.public}` : '',
    ...(a.saw ?? []).map((s) => `saw :${s.local} as ${formatEndpoint(s.seen)}`),
  ].filter(Boolean);
  return `${a.role} (${where.join(', ')})`;
}

/** An address students can use for a hub on every interface: the first non-loopback IPv4. */
function publicGuess(host: string): string {
  if (host !== '0.0.0.0') return host;
  const all = Object.values(networkInterfaces()).flat();
  return all.find((a) => a?.family === 'IPv4' && !a.internal)?.address ?? '127.0.0.1';
}

function checkOrigin(text: string): string {
  if (!/^https?:\/\/[\w.-]+(:\d{1,5})?\/?$/.test(text)) {
    throw new UsageError(
      'server',
      `--origin: ${JSON.stringify(text)} is not an origin such as http://192.0.2.10:8080`,
    );
  }
  return text.replace(/\/$/, '');
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseFlags('server', argv, OPTIONS);
  if (v.help) return (io.out(HELP), EXIT.ok);
  const host = ipFlag('server', '--host', v.host, true) ?? '127.0.0.1';
  const anyPort = 'a port 0-65535 (0: any free one)';
  const port = intFlag('server', '--port', v.port, 0, 65535, anyPort) ?? 8080;
  const udpPort = intFlag('server', '--udp-port', v['udp-port'], 0, 65535, anyPort) ?? 9000;
  const read = readToken({
    flag: typeof v.token === 'string' ? v.token : undefined,
    file: typeof v['token-file'] === 'string' ? v['token-file'] : undefined,
  });
  if (!read.ok) throw new UsageError('server', read.problem);
  const token = read.token ?? randomBytes(12).toString('base64url');
  if (!/^[\w.~-]{8,128}$/.test(token)) {
    const from = { file: '--token-file', env: TOKEN_ENV, flag: '--token', none: '' }[read.source];
    throw new UsageError(
      'server',
      `${from}: 8-128 letters, digits, dots, dashes, underscores or tildes`,
    );
  }
  if (read.source === 'flag') io.err(TOKEN_ON_ARGV_NOTE);
  const origins = ((v.origin as unknown as string[] | undefined) ?? []).map(checkOrigin);
  const publicIp = ipFlag('server', '--public-ip', v['public-ip']);
  const stunPrimary = ipFlag('server', '--stun-primary', v['stun-primary']);
  const stunAlternate = ipFlag('server', '--stun-alternate', v['stun-alternate']);
  if ((stunPrimary === undefined) !== (stunAlternate === undefined)) {
    throw new UsageError('server', '--stun-primary and --stun-alternate go together');
  }
  if (stunPrimary !== undefined && stunPrimary === stunAlternate) {
    throw new UsageError(
      'server',
      '--stun-primary and --stun-alternate must be different addresses',
    );
  }
  const listenFd = intFlag(
    'server',
    '--listen-fd',
    v['listen-fd'],
    3,
    1023,
    'an inherited fd 3-1023',
  );
  const webRoot =
    typeof v.web === 'string' ? v.web : existsSync('dist/index.html') ? 'dist' : undefined;
  if (webRoot !== undefined && !existsSync(`${webRoot}/index.html`)) {
    throw new UsageError(
      'server',
      `--web: ${webRoot}/index.html does not exist (npm run build makes dist/)`,
    );
  }

  const ports = { rendezvous: udpPort || 9000, stun: [3478, 3479] };
  const capture = await captureFromFlags('server', v, { role: 'server', ports }, io);
  if (capture === 'refused') return EXIT.failure;
  let hub: Hub | undefined;
  let rendezvous: Rendezvous | undefined;
  let stun: LabStunServer | undefined;
  const stopAll = async (): Promise<void> => {
    await Promise.all([hub?.stop(), rendezvous?.close(), stun?.stop()]);
    await stopCapture(capture, v.capture, io.out);
  };
  const printed = new Map<string, number>();
  const lines = lineThrottle({ write: io.out, perWindow: 20 });
  try {
    rendezvous = await startRendezvous({
      ip: host,
      port: udpPort,
      clock: () => hub?.clock() ?? 0,
      onEvent: (event, peer) => {
        if (event.type === 'delivered') hub?.rendezvousArrived(peer.from, event.packet.payload);
        hub?.publish('server', event);
        const key = formatEndpoint(peer.from);
        const n = (printed.get(key) ?? 0) + 1;
        printed.set(key, n);
        const line = `${rendezvous?.local.port ?? udpPort} <- ${key}  ${JSON.stringify(peer.lastText)}${peer.count === 1 ? '  (new peer)' : ''}\n`;
        if (v.verbose || n <= 5) lines.report('datagram', line);
      },
    });
    hub = await startHub({
      host,
      port,
      token,
      origins: publicIp && port ? [...origins, `http://${publicIp}:${port}`] : origins,
      ...(webRoot ? { webRoot } : {}),
      ...(listenFd === undefined ? {} : { listenFd }),
      server: {
        ips: serverIps(host, [publicIp, stunPrimary, stunAlternate]),
        rendezvous: rendezvous.local.port,
      },
      onAgents: (agents) =>
        io.out(`agents: ${agents.length ? agents.map(agentText).join(', ') : 'none'}\n`),
    });
    if (stunPrimary !== undefined && stunAlternate !== undefined) {
      stun = await startStunServer({
        primaryIp: stunPrimary,
        alternateIp: stunAlternate,
        primaryPort: 3478,
        alternatePort: 3479,
      });
    }
  } catch (e) {
    await stopAll();
    io.err(`server: ${failureMessage(e)}\n`);
    return EXIT.failure;
  }
  lines.start();
  const shown = publicIp ?? publicGuess(host);
  const hubUrl = hub.url.replace(`//${host}:`, `//${shown}:`);
  io.out(
    [
      'Agujero lab server',
      `  hub         ${hubUrl}${isLoopbackHost(host) ? '   (this machine only: --host 0.0.0.0 for a class)' : ''}`,
      ...(hub.also
        ? [`  also        ws://${hub.also}/hub   (the listener inherited as fd ${listenFd})`]
        : []),
      `  token       ${token}`,
      `  web app     ${webRoot ? hub.httpUrl.replace(`//${host}:`, `//${shown}:`) : 'not built (npm run build makes dist/)'}`,
      ...(webRoot
        ? [
            `  lessons     ${hub.httpUrl.replace(`//${host}:`, `//${shown}:`)}?page=lesson&l=03-walkthrough&hub=${encodeURIComponent(hubUrl)}&token=${encodeURIComponent(token)}`,
            '              (for a pair in a room, add &room=NAME)',
          ]
        : []),
      `  rendezvous  udp ${shown}:${rendezvous.local.port}   (students: echo "toc" | nc -p 58888 -u ${shown} ${rendezvous.local.port})`,
      stun
        ? `  stun        ${stun.endpoints.map(formatEndpoint).join(', ')}`
        : '  stun        off (--stun-primary IP --stun-alternate IP)',
      '',
      'Give the students (each pair may pick a room: add --room NAME, the same for both):',
      `  ${TOKEN_ENV}=${token} ${PROG} agent --role alice --hub ${hubUrl}`,
      `  ${TOKEN_ENV}=${token} ${PROG} agent --role bob --hub ${hubUrl}`,
      '',
      'Ctrl-C stops.',
      '',
    ].join('\n'),
  );
  const signal = await io.stopped;
  lines.stop();
  const c = hub.counts();
  await stopAll();
  const refused =
    Object.entries(c.refused)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || 'none';
  io.out(
    `stopped (${signal}): ${count(rendezvous.received(), 'datagram')} from ${count(rendezvous.peers().length, 'peer')} (${count(rendezvous.registered(), 'punch register')}); hub: ${count(c.connections, 'connection')}, ${count(c.stepsForwarded, 'step')}, ${count(c.eventsIn, 'event')} in, ${c.eventsOut} out, refused: ${refused}\n`,
  );
  return EXIT.ok;
}

/** The `server` subcommand. */
export const serverCommand: LabCommand = {
  name: 'server',
  help: HELP,
  run,
};
