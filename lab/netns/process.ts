/**
 * Long-running processes inside a network namespace (servers, listeners): started with spawn, no
 * shell, with a handle to read what they printed, wait for a line, and stop them by their pid.
 */
import { spawn } from 'node:child_process';
import { NetnsError, excerpt } from './errors.ts';
import { inNamespace } from './exec.ts';
import * as v from './validate.ts';

/** How a process ended. */
export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Options of a started process. */
export interface StartOptions {
  /** Text written to stdin, which is then closed. Without it stdin is /dev/null. */
  readonly input?: string;
}

/** A process running inside a namespace. */
export interface ProcessHandle {
  readonly ns: string;
  readonly argv: readonly string[];
  readonly pid: number;
  /** Everything the process printed on stdout so far. */
  stdout(): string;
  /** Everything the process printed on stderr so far. */
  stderr(): string;
  /** True until the process has exited. */
  running(): boolean;
  /** Resolves when the process exits. */
  readonly exited: Promise<ExitInfo>;
  /**
   * Resolves with the stream's text once it matches `pattern`; rejects with NetnsError 'timeout'
   * after `timeoutMs`, or at once if the process exits without printing it.
   */
  waitFor(
    pattern: RegExp | string,
    timeoutMs: number,
    stream?: 'stdout' | 'stderr',
  ): Promise<string>;
  /** Sends SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  kill(graceMs?: number): Promise<ExitInfo>;
}

/** Starts `argv` inside namespace `ns`; resolves once the process exists (has a pid). */
export function startIn(
  ns: string,
  argv: readonly string[],
  options: StartOptions = {},
): Promise<ProcessHandle> {
  const full = inNamespace(ns, argv);
  const child = spawn(full[0] as string, full.slice(1), {
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let exit: ExitInfo | undefined;
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((l) => l());
  child.stdout?.setEncoding('utf8').on('data', (d: string) => ((out += d), notify()));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => ((err += d), notify()));
  const exited = new Promise<ExitInfo>((resolve) => {
    child.on('close', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
      notify();
    });
  });
  if (options.input !== undefined) {
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
  }

  const waitFor = (
    pattern: RegExp | string,
    timeoutMs: number,
    stream: 'stdout' | 'stderr' = 'stdout',
  ): Promise<string> => {
    v.timeoutMs(timeoutMs);
    const text = (): string => (stream === 'stdout' ? out : err);
    const matches = (): boolean =>
      typeof pattern === 'string' ? text().includes(pattern) : pattern.test(text());
    return new Promise((resolve, reject) => {
      const finish = (fail?: NetnsError): void => {
        clearTimeout(timer);
        listeners.delete(check);
        if (fail) reject(fail);
        else resolve(text());
      };
      const why = (): string =>
        `${String(pattern)} on ${stream} of ${argv.join(' ')} in ${ns}` +
        ` (stdout: ${JSON.stringify(excerpt(out, 300))}, stderr: ${JSON.stringify(excerpt(err, 300))})`;
      const check = (): void => {
        if (matches()) finish();
        else if (exit) finish(new NetnsError('command-failed', `exited before printing ${why()}`));
      };
      const timer = setTimeout(
        () => finish(new NetnsError('timeout', `no ${why()} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      listeners.add(check);
      check();
    });
  };

  const kill = async (graceMs = 1_000): Promise<ExitInfo> => {
    if (exit) return exit;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const info = await exited;
    clearTimeout(timer);
    return info;
  };

  return new Promise((resolve, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) => {
      const code = e.code === 'ENOENT' ? 'missing-binary' : 'command-failed';
      reject(new NetnsError(code, `could not start ${full.join(' ')}: ${e.message}`));
    });
    child.once('spawn', () => {
      resolve({
        ns,
        argv,
        pid: child.pid as number,
        stdout: () => out,
        stderr: () => err,
        running: () => exit === undefined,
        exited,
        waitFor,
        kill,
      });
    });
  });
}
