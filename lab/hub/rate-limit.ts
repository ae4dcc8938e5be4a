/**
 * A token bucket per connection: `rate` messages a second on average and `burst` at once. A
 * message over the allowance is dropped by the caller; `shouldWarn` says when to tell the sender,
 * at most once a second, so a flood cannot turn the hub into an error firehose.
 */

/** A bucket's limits. */
export interface RateLimitOptions {
  readonly rate: number;
  readonly burst: number;
  /** The clock in ms (injected in tests). */
  readonly now?: () => number;
}

/** One connection's allowance. */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private lastWarning = -Infinity;
  /** Messages dropped so far. */
  dropped = 0;
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? (() => performance.now());
    this.tokens = options.burst;
    this.last = this.now();
  }

  /** Takes one token; false (and counted) when there is none. */
  take(): boolean {
    const now = this.now();
    const { rate, burst } = this.options;
    this.tokens = Math.min(burst, this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.dropped++;
    return false;
  }

  /** True at most once a second: whether to send the sender a `rate-limited` error now. */
  shouldWarn(): boolean {
    const now = this.now();
    if (now - this.lastWarning < 1000) return false;
    this.lastWarning = now;
    return true;
  }
}
