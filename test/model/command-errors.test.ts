/**
 * Command errors as data (issue 8): every refusal of the shell, nc, ss, stund, pystun, turnserver
 * and turn is a CommandError whose facts say why, its English message is the one the terminals
 * always printed, and the UI's English wording of the facts (i18n/commands.ts) reads exactly like it, for every
 * kind; the Spanish wording is its own sentence.
 */
import { describe, expect, it } from 'vitest';
import { ModelError, SEED, substitute } from '../../src/model/index.ts';
import type { CommandRegistry } from '../../src/model/index.ts';
import { CommandError, commandErrorMessage } from '../../src/model/command-error.ts';
import type { CommandErrorFacts, CommandErrorKind } from '../../src/model/command-error.ts';
import { validateCommandLine } from '../../src/model/terminals.ts';
import { validationCommands } from '../../src/app/catalog.ts';
import { commandErrorText } from '../../src/i18n/commands.ts';

const commands: CommandRegistry = validationCommands('walkthrough-stun');

/** The error `line` gets from the model (from `${…}` substitution first, with `vars`). */
function refusal(line: string, vars: Record<string, string> = {}): CommandError {
  try {
    validateCommandLine(substitute(line, vars), commands);
  } catch (e) {
    if (e instanceof CommandError) return e;
    throw e;
  }
  throw new Error(`not refused: ${line}`);
}

const USAGE_NC = 'usage: nc [-klnuv] [-p source_port] [-s source_ip] [destination] [port]';
const USAGE_PY =
  'usage: pystun [-H STUN_HOST] [-P STUN_PORT] [-p SOURCE_PORT] [-i SOURCE_IP] [--rfc5780] [--pystun-bug]';
const USAGE_TURN =
  'usage: turn -H SERVER [-P PORT] [-p LOCAL_PORT] allocate | turn permit PEER_IP... | turn send PEER_IP PEER_PORT';
const USAGE_TURNSERVER = 'usage: turnserver -L IP [-p PORT] [--min-port PORT] [--max-port PORT]';
const BAD_IP = 'not an IPv4 address: "x" (expected a.b.c.d)';

/** A line per kind (some kinds per program), the message the terminals print, and some facts. */
const CASES: readonly [string, string, Partial<CommandErrorFacts>][] = [
  ['  ', 'empty command', { kind: 'empty-command' }],
  ["echo 'x", "unterminated ' quote in: echo 'x", { kind: 'unterminated-quote', value: "'" }],
  ['nc ${a.b}', 'unknown variable ${a.b} (known: y)', { kind: 'unknown-variable', value: 'a.b' }],
  ['echo a | b | c', 'only one pipe is supported: echo a | b | c', { kind: 'too-many-pipes' }],
  [
    'cat f | nc',
    'only "echo TEXT | program" pipes are supported: cat f | nc',
    { kind: 'pipe-not-echo' },
  ],
  ['echo x |', 'nothing after the pipe: echo x |', { kind: 'nothing-after-pipe' }],
  [
    'ping 1.2.3.4',
    'ping: command not found (available: nc, stund, ss, turnserver, turn, pystun)',
    {
      kind: 'command-not-found',
      program: 'ping',
      names: ['nc', 'stund', 'ss', 'turnserver', 'turn', 'pystun'],
    },
  ],
  ['nc -z', `nc: invalid option -- 'z'\n${USAGE_NC}`, { kind: 'unknown-flag', flag: '-z' }],
  [
    'nc -u -p x 1.2.3.4 9',
    `nc: source port "x" is not a port number\n${USAGE_NC}`,
    { kind: 'not-a-port', flag: '-p' },
  ],
  [
    'nc -u 1.2.3.4 x',
    `nc: port "x" is not a port number\n${USAGE_NC}`,
    { kind: 'not-a-port', value: 'x' },
  ],
  [
    'nc -lu 70000',
    `nc: port number invalid: 70000\n${USAGE_NC}`,
    { kind: 'bad-port', value: '70000' },
  ],
  [
    'nc -u -s x 1.2.3.4 9',
    `nc: invalid source address "x"\n${USAGE_NC}`,
    { kind: 'bad-address', flag: '-s' },
  ],
  ['nc 1.2.3.4 9', `nc: only UDP is modelled here: add -u\n${USAGE_NC}`, { kind: 'udp-only' }],
  ['nc -ku 1.2.3.4 9', `nc: must use -l with -k\n${USAGE_NC}`, { kind: 'keep-needs-listen' }],
  [
    'nc -lu 1 2',
    `nc: too many arguments for -l: 1 2\n${USAGE_NC}`,
    { kind: 'too-many-arguments', value: '1 2' },
  ],
  ['nc -lu', `nc: -l needs a port\n${USAGE_NC}`, { kind: 'listen-needs-port' }],
  [
    'nc -u 1.2.3.4',
    `nc: missing destination and port\n${USAGE_NC}`,
    { kind: 'missing-destination' },
  ],
  [
    'nc -u example.com 9',
    `nc: getaddrinfo for host "example.com" port 9: Name or service not known (use an IPv4 address)\n${USAGE_NC}`,
    { kind: 'unknown-host', value: 'example.com', port: '9' },
  ],
  [
    'ss -t',
    'ss: only "ss -unp" (UDP sockets) is modelled, got: ss -t',
    { kind: 'unsupported-options' },
  ],
  [
    'stund -x 1',
    'stund: bad argument "-x"\nusage: stund -h IP -a IP [-p port] [-o altport]',
    { kind: 'unknown-flag' },
  ],
  [
    'stund -h',
    'stund: bad argument "-h"\nusage: stund -h IP -a IP [-p port] [-o altport]',
    { kind: 'missing-value' },
  ],
  [
    'stund -a 1.2.3.5',
    'stund: primary address is required (-h)\nusage: stund -h IP -a IP [-p port] [-o altport]',
    { kind: 'missing-address', flag: '-h' },
  ],
  [
    'stund -h x -a 1.2.3.5',
    `stund: primary address: ${BAD_IP}`,
    { kind: 'bad-address', detail: BAD_IP },
  ],
  [
    'stund -h 1.2.3.4 -a 1.2.3.5 -p 0',
    'stund: -p: not a UDP port: 0 (expected an integer 1-65535)',
    { kind: 'bad-port', flag: '-p' },
  ],
  [
    'stund -h 1.2.3.4 -a 1.2.3.4',
    'stund: the two addresses and the two ports must differ',
    { kind: 'same-endpoints' },
  ],
  [
    'pystun --rfc',
    `pystun: unrecognized argument: --rfc\n${USAGE_PY}`,
    { kind: 'unknown-flag', flag: '--rfc' },
  ],
  ['pystun -p', `pystun: -p needs a value\n${USAGE_PY}`, { kind: 'missing-value', flag: '-p' }],
  [
    'pystun -p x',
    `pystun: -p: "x" is not a port\n${USAGE_PY}`,
    { kind: 'not-a-port', flag: '-p', value: 'x' },
  ],
  [
    'pystun -P 70000',
    `pystun: -P: not a UDP port: 70000 (expected an integer 1-65535)\n${USAGE_PY}`,
    { kind: 'bad-port' },
  ],
  ['pystun -H x', `pystun: -H: ${BAD_IP}\n${USAGE_PY}`, { kind: 'bad-address', flag: '-H' }],
  [
    'turnserver -p 3478',
    `turnserver: listening address is required (-L)\n${USAGE_TURNSERVER}`,
    { kind: 'missing-address', flag: '-L' },
  ],
  [
    'turn',
    `turn: expected one of allocate, permit, send\n${USAGE_TURN}`,
    { kind: 'bad-subcommand' },
  ],
  [
    'turn -H 1.2.3.4 punch',
    `turn: expected one of allocate, permit, send, got "punch"\n${USAGE_TURN}`,
    { kind: 'bad-subcommand', value: 'punch' },
  ],
  [
    'turn allocate',
    `turn: server address is required (-H)\n${USAGE_TURN}`,
    { kind: 'missing-address', flag: '-H' },
  ],
  ['turn permit', `turn: permit needs the peer's address\n${USAGE_TURN}`, { kind: 'missing-peer' }],
  [
    'turn send 1.2.3.4',
    `turn: send needs the peer's address and port\n${USAGE_TURN}`,
    { kind: 'missing-peer', value: 'send' },
  ],
  [
    'turn permit x',
    `turn: permit: ${BAD_IP}\n${USAGE_TURN}`,
    { kind: 'bad-address', flag: 'permit' },
  ],
];

describe('command errors carry their facts', () => {
  it.each(CASES)('%s', (line, message, facts) => {
    const e = refusal(line, { y: '1' });
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('bad-command');
    expect(e.facts).toMatchObject(facts);
    expect(e.message).toBe(message);
  });

  it('every kind is covered, and nc reports an address in use with the same data', () => {
    const kinds = new Set(CASES.map(([line]) => refusal(line, { y: '1' }).facts.kind));
    kinds.add('address-in-use');
    const all: Record<CommandErrorKind, true> = {
      'empty-command': true,
      'unterminated-quote': true,
      'unknown-variable': true,
      'too-many-pipes': true,
      'pipe-not-echo': true,
      'nothing-after-pipe': true,
      'command-not-found': true,
      'unknown-flag': true,
      'missing-value': true,
      'not-a-port': true,
      'bad-port': true,
      'bad-address': true,
      'missing-address': true,
      'udp-only': true,
      'keep-needs-listen': true,
      'too-many-arguments': true,
      'listen-needs-port': true,
      'missing-destination': true,
      'unknown-host': true,
      'address-in-use': true,
      'unsupported-options': true,
      'same-endpoints': true,
      'bad-subcommand': true,
      'missing-peer': true,
    };
    expect([...kinds].sort()).toEqual(Object.keys(all).sort());
    expect(commandErrorMessage({ kind: 'address-in-use', program: 'nc' })).toBe(
      'nc: Address already in use',
    );
  });
});

describe('the UI words the facts', () => {
  const facts = [
    ...CASES.map(([line]) => refusal(line, { y: '1' }).facts),
    refusal('nc ${x}').facts,
    { kind: 'address-in-use', program: 'nc' } as const,
  ];

  it.each(facts.map((f) => [commandErrorMessage(f).split('\n')[0], f] as const))(
    'English reads as the model: %s',
    (_, f) => expect(commandErrorText('en', f)).toBe(commandErrorMessage(f)),
  );

  it('Spanish is its own sentence for every fact, with the usage line as "uso:"', () => {
    for (const f of facts) {
      const es = commandErrorText('es', f);
      expect(es).not.toBe(commandErrorMessage(f));
      expect(es).not.toMatch(/undefined/);
      if (f.usage) expect(es).toContain(`\nuso: ${f.usage}`);
    }
    expect(commandErrorText('es', refusal('nc -z').facts)).toBe(
      "nc: opción no válida -- 'z'\nuso: nc [-klnuv] [-p source_port] [-s source_ip] [destination] [port]",
    );
    expect(commandErrorText('es', refusal(`nc -u ${SEED.server} x`).facts)).toContain(
      'el puerto "x" no es un número de puerto',
    );
  });
});
