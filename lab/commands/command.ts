/**
 * What every `agujero <command>` (`npm run lab -- <command>`) subcommand shares: the command shape the CLI registry
 * holds, the I/O it is given (so tests run commands in-process), the exit codes, the usage error,
 * and flag parsing over `util.parseArgs` whose errors name the offending flag.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { ipv4Kind } from '../../src/model/stun/ip.ts';
import type { Ipv4Kind } from '../../src/model/stun/ip.ts';
import { LabStunError } from '../stun/errors.ts';
import { didYouMean } from './suggest.ts';

/**
 * How the user started the CLI, for usage lines: `agujero` through the package's bin (or the
 * bundles dist-lab/agujero.mjs and .cjs), `npm run lab --` otherwise (tsx lab/cli.ts).
 */
export const PROG = /^agujero(\.[mc]?js)?$/.test(basename(process.argv[1] ?? ''))
  ? 'agujero'
  : 'npm run lab --';

/** Exit codes: success, a runtime or network failure, a bad command line. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Where a command writes, and how it learns it should stop (SIGINT / SIGTERM in the CLI). */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Resolves with the signal's name when a long-running command should stop. */
  readonly stopped: Promise<string>;
}

/** One subcommand of the lab CLI. */
export interface LabCommand {
  readonly name: string;
  /** The full --help text of the command (its one-line summary lives in lab/cli.ts's registry). */
  readonly help: string;
  /** Runs the command (argv without the command name); resolves with the exit code. */
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}

/** A bad command line: the CLI prints the message and a pointer to --help, and exits 2. */
export class UsageError extends Error {
  readonly command: string;
  constructor(command: string, message: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed flags (strings and booleans as declared) and the positionals. */
export interface Parsed {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** Marks a token parseArgs must take as a positional although it begins with '-'. */
const POSITIONAL = '\u0000';

/**
 * Rewrites `argv` so parseArgs reads what a person meant: a value beginning with '-' after a
 * flag that takes one (`-P -1`, `--rto -5`) becomes `--port=-1`, and, where positionals are
 * allowed, a token beginning with '-' that names no flag (hex such as `-0001...`) is marked as
 * a positional. The values' own checks then name the real problem.
 */
function prepare(argv: readonly string[], options: Options, allowPositionals: boolean): string[] {
  const entries = Object.entries(options);
  const longOf = (token: string): string | undefined =>
    entries.find(([long, o]) => token === `--${long}` || (o.short && token === `-${o.short}`))?.[0];
  const namesFlag = (token: string): boolean =>
    token.startsWith('--') || entries.some(([, o]) => o.short === token[1]);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const long = longOf(token);
    const next = argv[i + 1];
    if (long && options[long]?.type === 'string' && next?.startsWith('-') && !namesFlag(next)) {
      out.push(`--${long}=${next}`);
      i++;
    } else if (allowPositionals && token.length > 1 && token.startsWith('-') && !namesFlag(token)) {
      out.push(POSITIONAL + token);
    } else {
      out.push(token);
    }
  }
  return out;
}

/**
 * Parses `argv` strictly. Unknown flags, missing values and values given to boolean flags become
 * a UsageError naming the flag, e.g. `unknown option --colour`.
 */
export function parseFlags(
  command: string,
  argv: readonly string[],
  options: Options,
  allowPositionals = false,
): Parsed {
  try {
    const args = prepare(argv, options, allowPositionals);
    const r = parseArgs({ args, options, strict: true, allowPositionals });
    const positionals = r.positionals.map((p) => (p.startsWith(POSITIONAL) ? p.slice(1) : p));
    return { values: r.values as Parsed['values'], positionals };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = e instanceof Error ? e.message : String(e);
    const flag = /'(-[^'\s,]+)/.exec(message)?.[1] ?? /"(-[^"\s,]+)/.exec(message)?.[1];
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(
          command,
          `unknown option ${flag ?? message}${flag ? didYouMean(flag, flagNames(options)) : ''}`,
        );
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new UsageError(
          command,
          /does not take an argument/.test(message)
            ? `option ${flagName(options, flag)} takes no value`
            : `option ${flagName(options, flag)} needs a value`,
        );
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(
          command,
          `unexpected argument ${JSON.stringify(/'([^']*)'/.exec(message)?.[1] ?? '')}`,
        );
      default:
        throw new UsageError(command, message);
    }
  }
}

/** Every flag's long form, `--host`, for suggestions. */
function flagNames(options: Options): string[] {
  return Object.keys(options).map((long) => `--${long}`);
}

/** "-H/--host" for a short or long flag as parseArgs quoted it. */
function flagName(options: Options, quoted: string | undefined): string {
  if (!quoted) return 'option';
  for (const [long, o] of Object.entries(options)) {
    if (quoted === `--${long}` || (o.short && quoted === `-${o.short}`)) {
      return o.short ? `-${o.short}/--${long}` : `--${long}`;
    }
  }
  return quoted;
}

/** Reads a port flag: digits only, 1-65535; names the flag when it is not. */
export function portFlag(
  command: string,
  flag: string,
  text: string | boolean | undefined,
): number | undefined {
  if (text === undefined) return undefined;
  const n = typeof text === 'string' && /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) {
    throw new UsageError(command, `${flag}: ${JSON.stringify(text)} is not a UDP port (1-65535)`);
  }
  return n;
}

/** Why an address of each kind is not one host. */
const NOT_UNICAST: Record<Exclude<Ipv4Kind, 'unicast'>, string> = {
  unspecified: '0.0.0.0/8 means "this network", no host',
  multicast: '224.0.0.0/4 is multicast',
  broadcast: 'the broadcast address',
  reserved: '240.0.0.0/4 is reserved',
};

/**
 * Reads an IPv4 address flag that must name one host (a unicast address; with `anyAddress`,
 * 0.0.0.0 too, meaning every local address); names the flag and the problem when it is not.
 */
export function ipFlag(
  command: string,
  flag: string,
  text: string | boolean | undefined,
  anyAddress = false,
): string | undefined {
  if (text === undefined) return undefined;
  const kind = typeof text === 'string' ? ipv4Kind(text) : undefined;
  if (kind === undefined) {
    throw new UsageError(
      command,
      `${flag}: ${JSON.stringify(text)} is not an IPv4 address (a.b.c.d)`,
    );
  }
  if (kind !== 'unicast' && !(anyAddress && text === '0.0.0.0')) {
    throw new UsageError(
      command,
      `${flag} ${String(text)}: not a unicast address (${NOT_UNICAST[kind]})`,
    );
  }
  return text as string;
}

/**
 * Reads a whole-number flag within [min, max]; names the flag when it is not one, as "is not
 * `what`" (default "an integer MIN-MAX").
 */
export function intFlag(
  command: string,
  flag: string,
  text: string | boolean | undefined,
  min: number,
  max: number,
  what = `an integer ${min}-${max}`,
): number | undefined {
  if (text === undefined) return undefined;
  const n = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new UsageError(command, `${flag}: ${JSON.stringify(text)} is not ${what}`);
  }
  return n;
}

/** The sentence for a runtime failure: a LabStunError's own message, else the error's. */
export function failureMessage(e: unknown): string {
  if (e instanceof LabStunError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
