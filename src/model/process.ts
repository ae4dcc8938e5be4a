/**
 * What a simulated program sees while it runs in a terminal: its host, the virtual clock,
 * stdout/stderr, sockets it owns (closed when it ends), timers, and the commands it can be.
 */
import type { Host } from './host.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import type { UdpSocket } from './socket.ts';

/** The services a running program gets from its terminal. */
export interface ProcessContext {
  readonly pid: number;
  readonly host: Host;
  /** Current virtual time in ms. */
  now(): number;
  /** The run's scheduler (for programs that drive their own timers, such as machines). */
  readonly scheduler: Scheduler;
  /** The run's seeded random generator. */
  readonly rng: Rng;
  /** Writes to the terminal. */
  print(text: string, stream?: 'stdout' | 'stderr'): void;
  /** Binds a socket owned by this process (closed when the process ends). */
  bind(port?: number, ip?: string): UdpSocket;
  /** Runs `fn` after `delayMs` of virtual time, unless the process has ended. */
  after(delayMs: number, fn: () => void): void;
  /** Ends the process (closes its sockets). */
  exit(): void;
  /** Records a named observation (e.g. the address a server saw), usable as ${name} in later steps. */
  observe(name: string, value: string): void;
}

/** A running program. `stop` is called on ^C or when the next command replaces it. */
export interface RunningProcess {
  readonly name: string;
  stop?(): void;
}

/**
 * Starts a program from argv (argv[0] is its name) and stdin. Throws ModelError('bad-command')
 * for bad arguments, before doing anything.
 */
export type CommandFactory = (
  argv: readonly string[],
  stdin: string | undefined,
  ctx: ProcessContext,
) => RunningProcess;

/** Validates argv without running (for scenario validation); throws ModelError('bad-command'). */
export type CommandValidator = (argv: readonly string[]) => void;

/** A program: how to validate and start it. */
export interface Command {
  readonly validate: CommandValidator;
  readonly start: CommandFactory;
  /**
   * Finishes at once (like `ss`): runs beside the foreground program, as if typed in a second
   * terminal on the same host, instead of interrupting it.
   */
  readonly oneShot?: boolean;
}

/** Programs by name. */
export type CommandRegistry = Readonly<Record<string, Command>>;
