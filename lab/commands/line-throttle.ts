/**
 * Rate-limited error lines for long-running commands: the first few lines of each kind (an
 * errno such as EMSGSIZE) in a window are printed, the rest only counted, and each window ends
 * with one summary line per kind, "EMSGSIZE: 1,234 more in the last 10 s", as does the exit.
 */

/** How the throttle writes and keeps time (a clock is injected so tests need not wait). */
export interface LineThrottleOptions {
  /** Where lines go (stderr in the CLI); each line ends with a newline. */
  readonly write: (line: string) => void;
  /** Lines of one kind printed per window before the rest are only counted (default 3). */
  readonly perWindow?: number;
  /** The window, in ms (default 10,000). */
  readonly windowMs?: number;
  /** The clock, in ms (default performance.now). */
  readonly now?: () => number;
}

/** A throttle; `start` runs the window timer, `stop` ends it with a last summary. */
export interface LineThrottle {
  /** Prints `line` unless `kind` has had its share of this window; then counts it. */
  report(kind: string, line: string): void;
  /** Ends the window: one summary line per kind that had lines held back. */
  flush(): void;
  /** Flushes every `windowMs` until stop (the timer does not keep the process alive). */
  start(): void;
  /** Stops the timer and flushes. */
  stop(): void;
}

/** Formats a count with thousands separators, as the summary prints it. */
const count = (n: number): string => n.toLocaleString('en-US');

/** Builds a throttle. */
export function lineThrottle(options: LineThrottleOptions): LineThrottle {
  const perWindow = options.perWindow ?? 3;
  const windowMs = options.windowMs ?? 10_000;
  const now = options.now ?? (() => performance.now());
  const printed = new Map<string, number>();
  const held = new Map<string, number>();
  let windowStart = now();
  let timer: ReturnType<typeof setInterval> | undefined;
  const flush = (): void => {
    const seconds = Math.max(1, Math.round((now() - windowStart) / 1000));
    for (const [kind, n] of held) {
      options.write(`${kind}: ${count(n)} more in the last ${seconds} s\n`);
    }
    printed.clear();
    held.clear();
    windowStart = now();
  };
  return {
    report(kind, line) {
      const shown = printed.get(kind) ?? 0;
      if (shown < perWindow) {
        printed.set(kind, shown + 1);
        options.write(line.endsWith('\n') ? line : `${line}\n`);
      } else {
        held.set(kind, (held.get(kind) ?? 0) + 1);
      }
    },
    flush,
    start() {
      timer ??= setInterval(flush, windowMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      flush();
    },
  };
}
