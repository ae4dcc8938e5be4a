/**
 * Running one fixed command to completion, in the root namespace or inside a network namespace
 * (`ip netns exec NS ...`), through execFile with a bounded timeout: never through a shell.
 */
import { execFile, execFileSync } from 'node:child_process';
import type { ExecFileException } from 'node:child_process';
import { NetnsError, commandFailed, excerpt } from './errors.ts';
import type { CommandFailure } from './errors.ts';
import * as v from './validate.ts';

/** How long a command may run when the caller does not say. */
export const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_BUFFER = 16 * 1024 * 1024;

/** Options of one command run. */
export interface ExecOptions {
  /** Kill the command (SIGKILL) and reject with code 'timeout' after this long. Default 5 s. */
  readonly timeoutMs?: number;
  /** Text written to the command's stdin, which is then closed (closed at once when absent). */
  readonly input?: string;
}

/** What a command that ran to the end left behind. `ok` is exit code 0. */
export interface ExecResult extends CommandFailure {
  readonly ok: boolean;
  readonly durationMs: number;
}

/**
 * Runs `argv` in the root namespace. Resolves with the result whatever the exit code; rejects with
 * NetnsError 'timeout' when it outlives `timeoutMs`, 'missing-binary' when the program is absent.
 */
export function run(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  v.argv(argv);
  const timeoutMs = v.timeoutMs(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const [program, ...args] = argv as [string, ...string[]];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_BUFFER, encoding: 'utf8' },
      (error: ExecFileException | null, stdout: string, stderr: string) => {
        const durationMs = Date.now() - started;
        if (error && error.code === 'ENOENT') {
          reject(new NetnsError('missing-binary', `${program} not found: is it installed?`));
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const signal = error?.signal ?? null;
        const result: ExecResult = {
          argv,
          code,
          signal,
          stdout,
          stderr,
          ok: code === 0,
          durationMs,
        };
        if (error?.killed && signal === 'SIGKILL' && durationMs >= timeoutMs) {
          const out = excerpt(stdout + stderr);
          reject(
            new NetnsError(
              'timeout',
              `timed out after ${timeoutMs} ms: ${argv.join(' ')}${out ? ` (printed: ${out})` : ''}`,
              result,
            ),
          );
          return;
        }
        const missing = /exec of "([^"]*)" failed: No such file or directory/.exec(stderr);
        if (missing && argv[0] === 'ip') {
          reject(new NetnsError('missing-binary', `${missing[1]} not found: is it installed?`));
          return;
        }
        resolve(result);
      },
    );
    child.stdin?.on('error', () => undefined); // the command may exit before reading its input
    child.stdin?.end(options.input ?? '');
  });
}

/** The argv that runs `argv` inside namespace `ns`. */
export function inNamespace(ns: string, argv: readonly string[]): readonly string[] {
  return ['ip', 'netns', 'exec', v.nsName(ns), ...v.argv(argv)];
}

/** Runs `argv` inside namespace `ns` (see `run`). */
export function execIn(
  ns: string,
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  return run(inNamespace(ns, argv), options);
}

/** Like `run`, but rejects with "<what> failed: <stderr>" unless the command exits 0. */
export async function mustRun(
  what: string,
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const result = await run(argv, options);
  if (!result.ok) throw commandFailed(what, result);
  return result;
}

/**
 * Runs `argv` synchronously and never throws: for teardown from a signal or `exit` handler, where
 * nothing asynchronous runs any more. Returns stdout, or undefined when the command failed.
 */
export function runSyncQuiet(argv: readonly string[], timeoutMs = 3_000): string | undefined {
  try {
    const [program, ...args] = v.argv(argv) as [string, ...string[]];
    return execFileSync(program, args, {
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}
