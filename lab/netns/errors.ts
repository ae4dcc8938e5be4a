/**
 * Typed errors of the namespace test bed: every failure it reports is a NetnsError with a code,
 * the command that failed (when there was one) and whatever the command printed.
 */

/** Every code a NetnsError can carry. */
export type NetnsErrorCode =
  | 'not-root'
  | 'netns-unavailable'
  | 'missing-binary'
  | 'invalid-argument'
  | 'command-failed'
  | 'timeout'
  | 'torn-down'
  | 'parse-error'
  | 'already-up'
  | 'busy';

/** What a failed command left behind, for the error message and for callers that dig deeper. */
export interface CommandFailure {
  readonly argv: readonly string[];
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** An error raised by the namespace test bed, with a machine-readable code. */
export class NetnsError extends Error {
  readonly code: NetnsErrorCode;
  readonly failure: CommandFailure | undefined;
  constructor(code: NetnsErrorCode, message: string, failure?: CommandFailure) {
    super(message);
    this.name = 'NetnsError';
    this.code = code;
    this.failure = failure;
  }
}

/** Shortens command output for an error message: trimmed, at most `max` characters. */
export function excerpt(text: string, max = 400): string {
  const t = text.trim();
  return t.length <= max ? t : `${t.slice(0, max)}...`;
}

/** Builds the "<what> failed: <stderr>" error for a command that exited badly. */
export function commandFailed(what: string, failure: CommandFailure): NetnsError {
  const why =
    excerpt(failure.stderr) ||
    excerpt(failure.stdout) ||
    (failure.signal ? `killed by ${failure.signal}` : `exit code ${String(failure.code)}`);
  return new NetnsError(
    'command-failed',
    `${what} failed: ${why} (command: ${failure.argv.join(' ')})`,
    failure,
  );
}

/** The error for a bad name, address, port or option, naming the value and what was expected. */
export function invalid(what: string, value: unknown, expected: string): NetnsError {
  return new NetnsError(
    'invalid-argument',
    `invalid ${what}: ${JSON.stringify(value)} (expected ${expected})`,
  );
}
