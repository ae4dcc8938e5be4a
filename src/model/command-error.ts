/**
 * Why a command line was refused, as data: the shell's and the programs' errors (`nc`, `ss`,
 * `stund`, `pystun`, `turnserver`, `turn`) carry their facts (kind, program, flag, value...), and the English message
 * every terminal prints is derived from them here, so a UI can word the same facts in its language.
 */
import { ModelError } from './errors.ts';

/** Every reason a command line can be refused. */
export type CommandErrorKind =
  | 'empty-command'
  | 'unterminated-quote'
  | 'unknown-variable'
  | 'too-many-pipes'
  | 'pipe-not-echo'
  | 'nothing-after-pipe'
  | 'command-not-found'
  | 'unknown-flag'
  | 'missing-value'
  | 'not-a-port'
  | 'bad-port'
  | 'bad-address'
  | 'missing-address'
  | 'udp-only'
  | 'keep-needs-listen'
  | 'too-many-arguments'
  | 'listen-needs-port'
  | 'missing-destination'
  | 'unknown-host'
  | 'address-in-use'
  | 'unsupported-options'
  | 'same-endpoints'
  | 'bad-subcommand'
  | 'missing-peer';

/** The facts of a refusal; which fields are set depends on the kind. */
export interface CommandErrorFacts {
  readonly kind: CommandErrorKind;
  /** The program that refused (`nc`, `ss`, `stund`, `pystun`; the unknown name for command-not-found); none for the shell's own errors. */
  readonly program?: string;
  /** The flag at fault (`-z`, `-p`, `--foo`). */
  readonly flag?: string;
  /** The value at fault: a port, an address, a variable name, extra arguments, a quote. */
  readonly value?: string;
  /** The port given with an unknown host. */
  readonly port?: string;
  /** The whole line (or argv) the error quotes. */
  readonly line?: string;
  /** Names to suggest: the variables known, or the programs available. */
  readonly names?: readonly string[];
  /** A deeper English reason (an address or port check) the message quotes as is. */
  readonly detail?: string;
  /** The program's synopsis when the message ends with a usage line (`nc [-klnuv] ...`). */
  readonly usage?: string;
}

/** The synopsis of each program that prints one with its errors. */
export const USAGE = {
  nc: 'nc [-klnuv] [-p source_port] [-s source_ip] [destination] [port]',
  stund: 'stund -h IP -a IP [-p port] [-o altport]',
  pystun:
    'pystun [-H STUN_HOST] [-P STUN_PORT] [-p SOURCE_PORT] [-i SOURCE_IP] [--rfc5780] [--pystun-bug]',
  turnserver: 'turnserver -L IP [-p PORT] [--min-port PORT] [--max-port PORT]',
  turn: 'turn -H SERVER [-P PORT] [-p LOCAL_PORT] allocate | turn permit PEER_IP... | turn send PEER_IP PEER_PORT',
} as const;

/** The names of required address flags (stund's, turnserver's, turn's). */
const STUND_ADDRESS: Readonly<Record<string, string>> = {
  '-h': 'primary address',
  '-a': 'alternate address',
  '-L': 'listening address',
  '-H': 'server address',
};

/** The English reason, without the program prefix and the usage line. */
function reason(f: CommandErrorFacts): string {
  const v = f.value ?? '';
  const flag = f.flag ?? '';
  switch (f.kind) {
    case 'empty-command':
      return 'empty command';
    case 'unterminated-quote':
      return `unterminated ${v} quote in: ${f.line ?? ''}`;
    case 'unknown-variable': {
      const known = f.names ?? [];
      return `unknown variable \${${v}}${known.length ? ` (known: ${known.join(', ')})` : ''}`;
    }
    case 'too-many-pipes':
      return `only one pipe is supported: ${f.line ?? ''}`;
    case 'pipe-not-echo':
      return `only "echo TEXT | program" pipes are supported: ${f.line ?? ''}`;
    case 'nothing-after-pipe':
      return `nothing after the pipe: ${f.line ?? ''}`;
    case 'command-not-found':
      return `command not found (available: ${(f.names ?? []).join(', ')})`;
    case 'unknown-flag':
      if (f.program === 'pystun') return `unrecognized argument: ${flag}`;
      if (f.program === 'stund') return `bad argument "${flag}"`;
      return `invalid option -- '${flag.replace(/^-/, '')}'`;
    case 'missing-value':
      return f.program === 'stund' ? `bad argument "${flag}"` : `${flag} needs a value`;
    case 'not-a-port':
      if (f.program === 'nc')
        return `${flag === '-p' ? 'source port' : 'port'} "${v}" is not a port number`;
      return `${flag}: "${v}" is not a port`;
    case 'bad-port':
      return f.program === 'nc' ? `port number invalid: ${v}` : `${flag}: ${f.detail ?? ''}`;
    case 'bad-address':
      if (f.program === 'nc') return `invalid source address "${v}"`;
      return `${f.program === 'stund' ? STUND_ADDRESS[flag] : flag}: ${f.detail ?? ''}`;
    case 'missing-address':
      return `${STUND_ADDRESS[flag] ?? flag} is required (${flag})`;
    case 'udp-only':
      return 'only UDP is modelled here: add -u';
    case 'keep-needs-listen':
      return 'must use -l with -k';
    case 'too-many-arguments':
      return `too many arguments for -l: ${v}`;
    case 'listen-needs-port':
      return '-l needs a port';
    case 'missing-destination':
      return 'missing destination and port';
    case 'unknown-host':
      return `getaddrinfo for host "${v}" port ${f.port ?? ''}: Name or service not known (use an IPv4 address)`;
    case 'address-in-use':
      return 'Address already in use';
    case 'unsupported-options':
      return `only "ss -unp" (UDP sockets) is modelled, got: ${f.line ?? ''}`;
    case 'same-endpoints':
      return 'the two addresses and the two ports must differ';
    case 'bad-subcommand':
      return `expected one of ${(f.names ?? []).join(', ')}${v ? `, got "${v}"` : ''}`;
    case 'missing-peer':
      return `${v} needs the peer's ${v === 'send' ? 'address and port' : 'address'}`;
  }
}

/** The English message for a refusal, exactly as the terminal prints it (without the newline). */
export function commandErrorMessage(f: CommandErrorFacts): string {
  const head = f.program ? `${f.program}: ` : '';
  return `${head}${reason(f)}${f.usage ? `\nusage: ${f.usage}` : ''}`;
}

/** A refused command line: a ModelError('bad-command') whose facts say why. */
export class CommandError extends ModelError {
  readonly facts: CommandErrorFacts;
  constructor(facts: CommandErrorFacts) {
    super('bad-command', commandErrorMessage(facts));
    this.name = 'CommandError';
    this.facts = facts;
  }
}

/** Throws the CommandError for `facts`. */
export function refuse(facts: CommandErrorFacts): never {
  throw new CommandError(facts);
}
