/**
 * The lab classifier's clock reading: milliseconds from a monotonic origin, with sub-millisecond
 * resolution, through process.hrtime. The same clock as performance.now(), whose first use loads
 * Node's whole perf_hooks module (about a millisecond of a cold `agujero stun`); only differences
 * between two readings mean anything.
 */

/** Monotonic milliseconds (fractional), for durations and the probe machine's `now`. */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}
