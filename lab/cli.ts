/**
 * The lab's command line, `agujero <command> [...]` (package.json bin: bin/agujero.cjs runs the
 * esbuild bundle dist-lab/agujero.mjs, or its CommonJS build for `stun`) or `npm run lab -- <command> [...]` (tsx): the registry of
 * subcommands (one file each under lab/commands/), top-level help, "did you mean" for a mistyped
 * command, and the mapping of outcomes to exit codes (0 ok, 1 runtime or network failure, 2 bad
 * command line).
 *
 * Later stages add `server`, `agent`, `punch` and `verify` by writing lab/commands/<name>.ts
 * exporting a LabCommand and listing it in COMMANDS.
 */
import { pathToFileURL } from 'node:url';
import type { CommandIo, LabCommand } from './commands/command.ts';
import { EXIT, PROG, UsageError, failureMessage } from './commands/command.ts';
import { didYouMean } from './commands/suggest.ts';
import { VERSION } from './version.ts';

/** A subcommand as the top-level help knows it: its name, one line, and how to load it. */
export interface CommandEntry {
  readonly name: string;
  /** One line for the CLI's --help. */
  readonly summary: string;
  /** Loads the command's implementation (only when it runs, so `--help` starts fast). */
  load(): Promise<LabCommand>;
}

/** Every subcommand, in --help order. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'server',
    summary: "the walkthrough's Server for a class: UDP rendezvous on 9000, STUN, and the hub",
    load: async () => (await import('./commands/server.ts')).serverCommand,
  },
  {
    name: 'agent',
    summary: "Alice's or Bob's machine: connect to the hub and run the lesson's steps for real",
    load: async () => (await import('./commands/agent.ts')).agentCommand,
  },
  {
    name: 'stun',
    summary:
      'classify the NAT against a STUN server (pystun lines); `stun decode HEX` annotates a message',
    load: async () => (await import('./commands/stun.ts')).stunCommand,
  },
  {
    name: 'stun-server',
    summary: 'run a STUN server on two addresses x two ports until SIGINT/SIGTERM',
    load: async () => (await import('./commands/stun-server.ts')).stunServerCommand,
  },
  {
    name: 'netns',
    summary:
      'real NAT routers (nftables) with Server, Alice and Bob in namespaces: up, down, status',
    load: async () => (await import('./commands/netns.ts')).netnsCommand,
  },
  {
    name: 'punch',
    summary:
      'punch a UDP hole to a peer through a rendezvous server: phases, timings, why it failed',
    load: async () => (await import('./commands/punch.ts')).punchCommand,
  },
  {
    name: 'verify',
    summary: 'conformance: every case in the model and on the real kernel, compared field by field',
    load: async () => (await import('./commands/verify.ts')).verifyCommand,
  },
  {
    name: 'capture',
    summary: "merge the three machines' --capture files into one pcapng the course replays",
    load: async () => (await import('./commands/capture.ts')).captureCommand,
  },
  {
    name: 'export',
    summary: 'run a built-in scenario in the model and write it as pcapng for Wireshark',
    load: async () => (await import('./commands/export.ts')).exportCommand,
  },
];

/** The top-level --help text. */
export function cliHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `usage: ${PROG} <command> [options]`,
    '',
    'The real half of Agujero: STUN and NAT experiments on real sockets and real Linux NAT.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'examples:',
    `  ${PROG} netns up --alice restricted-cone --bob full-cone   # real NATs in namespaces (root)`,
    `  ${PROG} stun -H 127.0.0.1 --rfc5780                        # classify against a STUN server`,
    `  ${PROG} stun decode 000100002112a442b7e7a701bc34d686fa87dfae`,
    '',
    `Run '${PROG} <command> --help' for a command's options and examples;`,
    `'${PROG} --version' prints the version.`,
    '',
    'From a clone: `npm install` once, then `npx agujero ...` (or `npm install -g .` for a',
    'global `agujero`). The launcher bin/agujero.cjs rebuilds the bundle dist-lab/agujero.mjs',
    'with esbuild when it is missing or older than its sources (`npm run build:lab` does it by',
    'hand); `npm run lab -- <command>` runs the TypeScript sources through tsx instead.',
    '',
  ].join('\n');
}

/** Runs the CLI on `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    (name === undefined ? io.err : io.out)(cliHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(`agujero ${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const names = COMMANDS.map((c) => c.name);
    io.err(
      `${PROG === 'agujero' ? PROG : 'lab'}: unknown command ${JSON.stringify(name)}${didYouMean(name, names)} (commands: ${names.join(', ')})\n`,
    );
    return EXIT.usage;
  }
  try {
    return await (await command.load()).run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.command}: ${e.message}\nRun '${PROG} ${e.command} --help' for usage.\n`);
      return EXIT.usage;
    }
    io.err(`${command.name}: ${failureMessage(e)}\n`);
    return EXIT.failure;
  }
}

/** The process's I/O: stdout/stderr, and SIGINT/SIGTERM, listened to only if a command asks. */
export function processIo(): CommandIo {
  let stopped: Promise<string> | undefined;
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    get stopped() {
      stopped ??= new Promise<string>((resolve) => {
        const on = (signal: NodeJS.Signals): void => {
          process.off('SIGINT', on);
          process.off('SIGTERM', on);
          resolve(signal);
        };
        process.on('SIGINT', on);
        process.on('SIGTERM', on);
      });
      return stopped;
    },
  };
}

const entry = process.argv[1];
// No top-level await: the same module is also bundled as CommonJS (scripts/build-lab.mjs).
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  void main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
