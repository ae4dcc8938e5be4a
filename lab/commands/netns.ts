/**
 * `agujero netns up | down | status | capture` (capture: netns-capture.ts): real NAT routers (nftables / iptables) in network
 * namespaces on this machine, built by lab/netns and left running between commands under one
 * name (`agujero-server`, `agujero-alice`, ...), with progress, a summary, and `--json`.
 */
import { NetnsError } from '../netns/errors.ts';
import { cleanupStale } from '../netns/runs.ts';
import { downNamed, namedStatus, upNamed } from '../netns/named.ts';
import { INPUT_CHOICES, NAT_TYPES, isInputChoice, isNatType } from '../netns/nat-types.ts';
import type { InputChoice, NatType } from '../netns/nat-types.ts';
import { checkTopologyName } from '../netns/state.ts';
import type { CommandIo, LabCommand } from './command.ts';
import { EXIT, PROG, UsageError, failureMessage, intFlag, parseFlags } from './command.ts';
import { startLive } from '../netns/live.ts';
import { DOWN_HELP, NETNS_HELP, STATUS_HELP, UP_HELP } from './netns-help.ts';
import { formatDown, formatStatus, formatUp, statusJson } from './netns-report.ts';
import { didYouMean } from './suggest.ts';
import { captureCommand } from './netns-capture.ts';

const SUBCOMMANDS = ['up', 'down', 'status', 'capture'] as const;
const COMMON = {
  name: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
const UP = {
  ...COMMON,
  alice: { type: 'string' },
  bob: { type: 'string' },
  input: { type: 'string' },
  live: { type: 'boolean' },
  'hub-port': { type: 'string' },
  origin: { type: 'string', multiple: true },
} as const;

/** Reads a value that must be one of `choices`, suggesting the closest on a typo. */
function choice<T extends string>(
  command: string,
  flag: string,
  value: string | boolean | undefined,
  choices: readonly T[],
  is: (text: string) => text is T,
  what: string,
): T {
  if (typeof value !== 'string')
    throw new UsageError(command, `${flag} is required: one of ${choices.join(', ')}`);
  if (is(value)) return value;
  throw new UsageError(
    command,
    `${flag}: ${JSON.stringify(value)} is not ${what}${didYouMean(value, choices)} (${choices.join(', ')})`,
  );
}

/** The --name flag, checked; default `agujero`. */
function nameFlag(command: string, value: string | boolean | undefined): string {
  const name = typeof value === 'string' ? value : 'agujero';
  try {
    return checkTopologyName(name);
  } catch {
    throw new UsageError(
      command,
      `--name: ${JSON.stringify(name)} is not a topology name (a lowercase letter, then letters or digits, at most 20)`,
    );
  }
}

async function up(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseFlags('netns up', argv, UP);
  if (v.help) {
    io.out(UP_HELP);
    return EXIT.ok;
  }
  const alice: NatType = choice('netns up', '--alice', v.alice, NAT_TYPES, isNatType, 'a NAT type');
  const bob: NatType = choice('netns up', '--bob', v.bob, NAT_TYPES, isNatType, 'a NAT type');
  const input: InputChoice =
    v.input === undefined
      ? 'drop'
      : choice('netns up', '--input', v.input, INPUT_CHOICES, isInputChoice, 'an INPUT policy');
  const name = nameFlag('netns up', v.name);
  const hubPort = intFlag('netns up', '--hub-port', v['hub-port'], 0, 65535, 'a port 0-65535');
  if (hubPort !== undefined && !v.live)
    throw new UsageError('netns up', '--hub-port goes with --live');
  const origins = (v.origin as unknown as string[] | undefined) ?? [];
  if (origins.length && !v.live) throw new UsageError('netns up', '--origin goes with --live');
  for (const o of origins) {
    if (!/^https?:\/\/[\w.-]+(:\d{1,5})?$/.test(o)) {
      throw new UsageError(
        'netns up',
        `--origin: ${JSON.stringify(o)} is not an origin such as http://127.0.0.1:5173`,
      );
    }
  }
  const progress = v.json ? io.err : io.out;
  const started = Date.now();
  progress(`netns up ${name}: Alice behind ${alice}, Bob behind ${bob}, routers' INPUT ${input}\n`);
  let n = 0;
  const onProgress = (line: string): void =>
    progress(
      `  [${String(++n).padStart(2)}] ${String(Date.now() - started).padStart(4)} ms  ${line}\n`,
    );
  const { state, cleaned } = await upNamed({
    name,
    alice,
    bob,
    input,
    onProgress,
    ...(v.live
      ? { start: (s) => startLive(s, { hostPort: hubPort ?? 8080, origins, onProgress }) }
      : {}),
  });
  if (v.json) io.out(`${JSON.stringify({ ...state, cleaned }, null, 2)}\n`);
  else io.out(formatUp(state));
  return EXIT.ok;
}

async function down(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseFlags('netns down', argv, COMMON);
  if (v.help) {
    io.out(DOWN_HELP);
    return EXIT.ok;
  }
  const name = nameFlag('netns down', v.name);
  const started = Date.now();
  const { removed, status } = await downNamed(name);
  // Namespaces of runs whose process died (a SIGKILLed `verify` or test): agj-<pid>-<n>-<role>.
  const stale = await cleanupStale();
  if (v.json)
    io.out(
      `${JSON.stringify({ name, was: status.state, removed, stale, ms: Date.now() - started })}\n`,
    );
  else {
    io.out(formatDown(name, status, removed, Date.now() - started));
    if (stale.length > 0)
      io.out(
        `Also removed ${stale.length} namespaces of dead runs (a killed verify or test):\n${stale.map((ns) => `  ${ns}\n`).join('')}`,
      );
  }
  return EXIT.ok;
}

async function status(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseFlags('netns status', argv, COMMON);
  if (v.help) {
    io.out(STATUS_HELP);
    return EXIT.ok;
  }
  const s = await namedStatus(nameFlag('netns status', v.name));
  io.out(v.json ? `${JSON.stringify(statusJson(s), null, 2)}\n` : formatStatus(s));
  return EXIT.ok;
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    (sub === undefined ? io.err : io.out)(NETNS_HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  const handlers = { up, down, status, capture: captureCommand } as const;
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw new UsageError(
      'netns',
      `unknown subcommand ${JSON.stringify(sub)}${didYouMean(sub, SUBCOMMANDS)} (${SUBCOMMANDS.join(', ')})`,
    );
  }
  try {
    return await handlers[sub as (typeof SUBCOMMANDS)[number]](rest, io);
  } catch (e) {
    if (!(e instanceof NetnsError)) throw e;
    io.err(`netns ${sub}: ${failureMessage(e)}\n`);
    if (e.code === 'not-root' || e.code === 'missing-binary' || e.code === 'netns-unavailable') {
      io.err(`(${PROG} netns needs root on Linux with ip, iptables and nftables)\n`);
    }
    return EXIT.failure;
  }
}

/** The `netns` command. */
export const netnsCommand: LabCommand = {
  name: 'netns',
  help: NETNS_HELP,
  run,
};
