/**
 * `agujero agent --role alice|bob --hub URL [--room NAME]` (token from AGUJERO_TOKEN, --token-file
 * or --token): runs on Alice's or Bob's machine,
 * connects out to the teacher's hub (so it works from behind a NAT), and runs the lesson steps
 * the browsers ask for, only fixed templates with checked addresses and ports, with this
 * machine's nc (or a built-in one). Prints each step; runs until Ctrl-C or the hub refuses it.
 */
import { count } from '../../src/protocol/count.ts';
import * as valibot from 'valibot';
import { AGENT_ROLES, RoomSchema } from '../../src/protocol/fields.ts';
import type { AgentRole } from '../../src/protocol/fields.ts';
import type { NcInfo } from '../../src/protocol/messages.ts';
import { startAgent } from '../agent/agent.ts';
import { detectNc } from '../agent/netcat.ts';
import { TOKEN_ENV, TOKEN_ON_ARGV_NOTE, readToken } from '../agent/token.ts';
import type { CommandIo, LabCommand } from './command.ts';
import { EXIT, PROG, UsageError, parseFlags } from './command.ts';
import { didYouMean } from './suggest.ts';
import { CAPTURE_FLAGS, captureFromFlags, captureHelp, stopCapture } from '../capture/flag.ts';
import { LAB_PORTS } from '../capture/filter.ts';

const HELP = `usage: ${PROG} agent --role alice|bob --hub URL [--room NAME] [--token-file PATH]
${' '.repeat(PROG.length + 13)}[--nc auto|builtin] [--capture FILE.pcapng [--capture-optional]]

Run Alice's or Bob's side of the lab on this machine. The agent connects out to the hub that
\`${PROG} server\` runs (so it works from behind a NAT: nothing needs to reach this machine
first), and runs what the lesson in the browser asks for, and only that: the walkthrough's
\`echo "..." | nc -p PORT -u IP PORT\` and \`nc -lu PORT\` / \`nc -klu PORT\`, and the STUN
classifier. Addresses, ports and texts are checked before anything runs; a command line sent
over the network is never run. Every send, receive and verdict goes back to the hub.

It reports this machine's own LAN addresses (private, shared 100.64/10, link-local or
documentation ranges; never a public one) to the hub, which lists them beside the public
address the agent's connection came from and what the Server's rendezvous saw of it: those,
and the Server, are the only addresses a step may send to, and a LAN address only from an
agent on that same LAN (whose connection comes from the same public address).

The token the server printed: in the environment (${TOKEN_ENV}=TOKEN), or in a file only you
can read (--token-file PATH, mode 0600). --token TOKEN works too, but every user of the machine
sees it (ps).

It uses this machine's nc when there is one (OpenBSD or traditional netcat, read from \`nc -h\`,
with -k when it has it), otherwise a built-in one on node:dgram. If the hub cannot be reached
or goes away (connection refused, reset, a timeout, HTTP 5xx) the agent tries again by itself,
waiting longer each time (0.25 s doubling to 5 s), one line per try. It stops on Ctrl-C, and
at once, with a sentence naming the fix, when the hub refuses it for good: a URL that is not
the hub's (HTTP 400/404: it ends in /hub), HTTP 401 or 403, a wrong or missing token, another
protocol version, or another agent taking its role.

options:
      --role alice|bob   which side of the walkthrough this machine plays (required)
      --hub URL          the hub's URL as the server printed it, ws://HOST:8080/hub (required)
      --room NAME        the pair's room on a hub shared by a class (1-32 letters, digits,
                         dashes); Alice and Bob of one pair name the same room
      --token-file PATH  read the token from PATH (only its owner may read it)
      --token TOKEN      the token on the command line (visible in ps; ${TOKEN_ENV} is better)
      --nc auto|builtin  auto: this machine's nc when present (default); builtin: node:dgram
${captureHelp(25)}
  -h, --help             this text

examples:
  ${TOKEN_ENV}=Xk3... ${PROG} agent --role alice --hub ws://192.0.2.10:8080/hub
  ${TOKEN_ENV}=Xk3... ${PROG} agent --role bob --hub ws://192.0.2.10:8080/hub --room pair-7
  ${PROG} agent --role bob --hub ws://127.0.0.1:8080/hub --token-file ~/.agujero-token --nc builtin
  sudo -E ${PROG} agent --role alice --hub ws://192.0.2.10:8080/hub --capture alice.pcapng

Exit status: 0 after Ctrl-C, 1 when the hub refused the agent for good (wrong URL path, token,
HTTP 401/403, another agent took the role), 2 for a bad command line.
`;

const OPTIONS = {
  role: { type: 'string' },
  hub: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  room: { type: 'string' },
  nc: { type: 'string' },
  ...CAPTURE_FLAGS,
  help: { type: 'boolean', short: 'h' },
} as const;

function roleFlag(text: string | boolean | undefined): AgentRole {
  if (text === undefined) throw new UsageError('agent', '--role alice|bob is required');
  if (!(AGENT_ROLES as readonly unknown[]).includes(text)) {
    throw new UsageError(
      'agent',
      `--role: ${JSON.stringify(text)} is not alice or bob${didYouMean(String(text), AGENT_ROLES)}`,
    );
  }
  return text as AgentRole;
}

function hubFlag(text: string | boolean | undefined): string {
  if (text === undefined)
    throw new UsageError('agent', '--hub URL is required (the server prints it)');
  let url: URL | undefined;
  try {
    url = new URL(String(text));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'ws:' && url.protocol !== 'wss:')) {
    throw new UsageError(
      'agent',
      `--hub: ${JSON.stringify(text)} is not a ws:// or wss:// URL such as ws://192.0.2.10:8080/hub${httpHint(url)}`,
    );
  }
  return url.href;
}

function roomFlag(text: string | boolean | undefined): string | undefined {
  if (text === undefined) return undefined;
  const r = valibot.safeParse(RoomSchema, text);
  if (!r.success) {
    throw new UsageError('agent', `--room: ${JSON.stringify(text)} ${r.issues[0].message}`);
  }
  return r.output;
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseFlags('agent', argv, OPTIONS);
  if (v.help) return (io.out(HELP), EXIT.ok);
  if (v.role === undefined && v.hub === undefined) {
    throw new UsageError(
      'agent',
      `--role alice|bob and --hub URL are required, e.g. ${PROG} agent --role alice --hub ws://192.0.2.10:8080/hub (\`${PROG} server\` prints the URL and the token)`,
    );
  }
  const role = roleFlag(v.role);
  const hub = hubFlag(v.hub);
  const room = roomFlag(v.room);
  const read = readToken({
    flag: typeof v.token === 'string' ? v.token : undefined,
    file: typeof v['token-file'] === 'string' ? v['token-file'] : undefined,
  });
  if (!read.ok) throw new UsageError('agent', read.problem);
  const token = read.token;
  if (read.source === 'flag') io.err(TOKEN_ON_ARGV_NOTE);
  const ncChoice = v.nc ?? 'auto';
  if (ncChoice !== 'auto' && ncChoice !== 'builtin') {
    throw new UsageError(
      'agent',
      `--nc: ${JSON.stringify(ncChoice)} is not auto or builtin${didYouMean(String(ncChoice), ['auto', 'builtin'])}`,
    );
  }
  const nc: NcInfo = ncChoice === 'builtin' ? { variant: 'builtin', keep: true } : await detectNc();
  const ncText =
    nc.variant === 'builtin'
      ? 'built-in (node:dgram)'
      : `${nc.variant} netcat${nc.keep ? ', with -k' : ', no -k'}`;
  const capture = await captureFromFlags('agent', v, { role, ports: LAB_PORTS }, io);
  if (capture === 'refused') return EXIT.failure;
  const inRoom = room ? ` (room ${room})` : '';
  io.out(`agent ${role}${inRoom}: nc is ${ncText}; connecting to ${hub}\n`);
  if (token === undefined) {
    io.out(`(no token: set ${TOKEN_ENV} or --token-file PATH if the hub needs one)\n`);
  }
  const agent = startAgent({
    hub,
    role,
    nc,
    ...(token ? { token } : {}),
    ...(room ? { room } : {}),
    log: (line) => io.out(`${line}\n`),
  });
  const outcome = await Promise.race([
    io.stopped.then((signal) => ({ stopped: signal })),
    agent.gaveUp.then((why) => ({ gaveUp: why })),
  ]);
  await agent.stop();
  await stopCapture(capture, v.capture, io.out);
  if ('gaveUp' in outcome) {
    io.err(`agent: ${outcome.gaveUp}\n`);
    return EXIT.failure;
  }
  io.out(`stopped (${outcome.stopped}) after ${count(agent.steps(), 'step')}\n`);
  return EXIT.ok;
}

/** The `agent` subcommand. */
export const agentCommand: LabCommand = {
  name: 'agent',
  help: HELP,
  run,
};

/** "; did you mean ws://HOST/hub?" for an http(s):// URL (the lessons link's address). */
function httpHint(url: URL | undefined): string {
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') return '';
  const ws = `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}/hub`;
  return `; did you mean ${ws}?`;
}
