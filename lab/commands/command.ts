/**
 * What every `npm run lab -- <command>` subcommand shares: the command shape the CLI registry
 * holds, the I/O it is given (so tests run commands in-process), the exit codes, the usage error,
 * and flag parsing over `util.parseArgs` whose errors name the offending flag.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { isIp } from '../../src/model/endpoint.ts';
import { LabStunError } from '../stun/errors.ts';

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
  /** One line for the CLI's --help. */
  readonly summary: string;
  /** The full --help text of the command. */
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
    const r = parseArgs({ args: [...argv], options, strict: true, allowPositionals });
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = e instanceof Error ? e.message : String(e);
    const flag = /'(-[^'\s,]+)/.exec(message)?.[1] ?? /"(-[^"\s,]+)/.exec(message)?.[1];
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(command, `unknown option ${flag ?? message}`);
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

/** Reads an IPv4 address flag; names the flag when it is not one. */
export function ipFlag(
  command: string,
  flag: string,
  text: string | boolean | undefined,
): string | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || !isIp(text)) {
    throw new UsageError(
      command,
      `${flag}: ${JSON.stringify(text)} is not an IPv4 address (a.b.c.d)`,
    );
  }
  return text;
}

/** Reads an integer flag within [min, max]; names the flag when it is not one. */
export function intFlag(
  command: string,
  flag: string,
  text: string | boolean | undefined,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const n = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new UsageError(
      command,
      `${flag}: ${JSON.stringify(text)} is not an integer ${min}-${max}`,
    );
  }
  return n;
}

/** The sentence for a runtime failure: a LabStunError's own message, else the error's. */
export function failureMessage(e: unknown): string {
  if (e instanceof LabStunError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
