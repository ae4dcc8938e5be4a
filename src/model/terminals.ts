/**
 * The simulated terminals: one shell per actor host with one foreground program at a time.
 * A new command first interrupts the running one (as a user's ^C would); every command and
 * every line printed becomes a trace event.
 */
import { refuse } from './command-error.ts';
import { ModelError } from './errors.ts';
import type { Network } from './network.ts';
import type { Command, CommandRegistry, ProcessContext, RunningProcess } from './process.ts';
import { parseCommandLine } from './shell.ts';
import type { UdpSocket } from './socket.ts';

interface Proc {
  readonly pid: number;
  readonly actor: string;
  name: string;
  alive: boolean;
  readonly sockets: UdpSocket[];
  running: RunningProcess | undefined;
}

/** The program argv[0] names; throws a CommandError listing the known ones. */
function lookupCommand(argv: readonly string[], commands: CommandRegistry): Command {
  const name = argv[0] as string;
  const program = commands[name];
  if (!program) refuse({ kind: 'command-not-found', program: name, names: Object.keys(commands) });
  return program;
}

/** Throws a CommandError (a ModelError('bad-command')) if `line` cannot run with `commands`; runs nothing. */
export function validateCommandLine(line: string, commands: CommandRegistry): void {
  const cmd = parseCommandLine(line);
  if (cmd.kind === 'interrupt') return;
  lookupCommand(cmd.argv, commands).validate(cmd.argv);
}

/** Runs command lines in per-actor terminals on a network. */
export class Terminals {
  private readonly foreground = new Map<string, Proc>();
  private readonly owners = new Map<UdpSocket, Proc>();
  private nextPid = 2101;

  constructor(
    private readonly network: Network,
    private readonly commands: CommandRegistry,
    private readonly observe: (name: string, value: string) => void,
  ) {}

  /** Who owns a socket (for `ss -p`). */
  readonly ownerOf = (s: UdpSocket): { name: string; pid: number } | undefined => {
    const p = this.owners.get(s);
    return p && { name: p.name, pid: p.pid };
  };

  /** Types `line` into `actor`'s terminal at the current virtual time. */
  run(actor: string, line: string, step: number): void {
    const host = this.network.host(actor);
    const cmd = parseCommandLine(line);
    const program = cmd.kind === 'run' ? this.lookup(cmd.argv) : undefined;
    const fg = this.foreground.get(actor);
    if (fg?.alive && !program?.oneShot) {
      this.print(actor, '^C\n', 'stdout');
      this.end(fg);
    }
    this.network.emitExternal({ type: 'command', t: this.network.now, actor, text: line, step });
    if (cmd.kind === 'interrupt' || !program) return;
    const proc: Proc = {
      pid: this.nextPid++,
      actor,
      name: cmd.argv[0] as string,
      alive: true,
      sockets: [],
      running: undefined,
    };
    if (!program.oneShot) this.foreground.set(actor, proc);
    const ctx: ProcessContext = {
      pid: proc.pid,
      host,
      now: () => this.network.now,
      scheduler: this.network.scheduler,
      rng: this.network.rng,
      print: (text, stream = 'stdout') => {
        if (proc.alive) this.print(actor, text, stream);
      },
      bind: (port, ip) => {
        const s = host.bind(port, ip);
        proc.sockets.push(s);
        this.owners.set(s, proc);
        return s;
      },
      after: (delay, fn) => this.network.scheduler.after(delay, () => proc.alive && fn()),
      exit: () => this.end(proc),
      observe: this.observe,
    };
    try {
      proc.running = program.start(cmd.argv, cmd.stdin, ctx);
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      this.print(actor, `${e.message}\n`, 'stderr');
      this.end(proc);
    }
  }

  private lookup(argv: readonly string[]): Command {
    return lookupCommand(argv, this.commands);
  }

  private print(actor: string, text: string, stream: 'stdout' | 'stderr'): void {
    this.network.emitExternal({ type: 'output', t: this.network.now, actor, text, stream });
  }

  private end(p: Proc): void {
    if (!p.alive) return;
    p.alive = false;
    p.running?.stop?.();
    for (const s of p.sockets) {
      s.close();
      this.owners.delete(s);
    }
  }
}
