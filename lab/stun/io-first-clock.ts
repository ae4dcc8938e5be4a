/**
 * The lab classifier's clock: real timers whose callbacks run only after the datagrams already
 * waiting on the socket have been read. A Node timer fires in the event loop's timers phase,
 * before the poll phase reads the sockets; so after a stall (a busy machine, a garbage
 * collection) a "no answer" timeout would fire even though the answer sat in the socket's
 * buffer. Deferring each callback to setImmediate (the check phase, after poll) hands those
 * answers to the machine first, which cancels the timeout: a short RTO then costs only time,
 * never a verdict.
 *
 *   timers: timeout due ─► poll: answers already queued are read ─► check: the timeout, if still armed
 */
import type { MachineClock } from '../../src/machines/transport.ts';

interface Handle {
  timer: ReturnType<typeof setTimeout> | undefined;
  immediate: ReturnType<typeof setImmediate> | undefined;
}

/** Timers for xstate's `clock` option that let arrived datagrams go first. */
export const ioFirstClock: MachineClock = {
  setTimeout(fn, timeout) {
    const h: Handle = { timer: undefined, immediate: undefined };
    h.timer = setTimeout(() => {
      h.timer = undefined;
      h.immediate = setImmediate(() => {
        h.immediate = undefined;
        fn();
      });
    }, timeout);
    return h;
  },
  clearTimeout(id) {
    const h = id as Handle;
    if (h.timer !== undefined) clearTimeout(h.timer);
    if (h.immediate !== undefined) clearImmediate(h.immediate);
    h.timer = undefined;
    h.immediate = undefined;
  },
};
