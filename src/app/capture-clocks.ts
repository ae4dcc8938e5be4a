/**
 * What an import made of each machine's clock (src/capture/machine-clocks.ts), in the reader's
 * language, with the numbers `agujero capture merge` prints: which machine, how far behind or
 * ahead of the Server's clock, to within what, whether its frames were moved, and from how
 * many datagrams each way. A machine is named by its interface (server, alice, bob) or, when
 * the file does not say, by its own addresses in the matched roles.
 *
 *   "Alice's clock was 3.200 s behind the Server's, to within 24 µs: its frames were moved
 *    +3.200 s before matching (3 datagrams it sent, 2 it received, also in the Server's capture)."
 */
import type { CaptureAnalysis, InterfaceClock } from '../capture/index.ts';
import { roleOf } from '../capture/index.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';

/** A duration for people, as the CLI gives it: µs under a millisecond, ms under a second, else s. */
export function clockSpan(lang: Lang, ms: number, signed = false): string {
  const a = Math.abs(ms);
  const [value, digits, unit] =
    a < 1 ? [a * 1000, 0, 'µs'] : a < 1000 ? [a, 1, 'ms'] : [a / 1000, 3, 's'];
  const n = new Intl.NumberFormat(lang, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
  return `${signed ? (ms < 0 ? '-' : '+') : ''}${n} ${unit}`;
}

type Machine = 'server' | 'alice' | 'bob';

/** A machine's name in `lang`: its role's, else its interface's. */
function nameOf(lang: Lang, a: CaptureAnalysis, role: Machine | undefined, iface: number): string {
  if (role === 'server') return t(lang, 'captureServer');
  if (role) return role === 'alice' ? 'Alice' : 'Bob';
  return a.capture.interfaces[iface]?.name?.trim() || `#${iface + 1}`;
}

/** The peer's role: its interface's name, else whose its own addresses are in the matched roles. */
function roleOfPeer(a: CaptureAnalysis, k: InterfaceClock): Machine | undefined {
  if (k.machine) return k.machine;
  for (const ip of k.own) {
    const r = roleOf(a.book, ip);
    if (r) return r.kind === 'host' ? r.node : r.host;
  }
  return undefined;
}

/** One sentence per peer machine, in `lang`; none when the file holds one machine's frames. */
export function clockSentences(lang: Lang, a: CaptureAnalysis): string[] {
  return a.clocks.map((k) => {
    const who = nameOf(lang, a, roleOfPeer(a, k), k.iface);
    const o =
      k.referenceMachine === 'server'
        ? t(lang, 'captureClockOfServer')
        : t(lang, 'captureClockOfPeer', { who: nameOf(lang, a, k.referenceMachine, k.reference) });
    const seen = t(lang, 'captureClockSeen', { out: k.out, back: k.back, of: o });
    if (k.kind === 'none') return t(lang, 'captureClockNone', { who, of: o });
    if (k.kind === 'contradictory')
      return t(lang, 'captureClockContradictory', { who, of: o }) + seen;
    if (k.kind === 'consistent') return t(lang, 'captureClockAgrees', { who, of: o }) + seen;
    const side = k.shiftMs > 0 ? 'captureClockBehind' : 'captureClockAhead';
    const least = k.kind === 'edge' ? t(lang, 'captureClockAtLeast') : '';
    const within =
      k.kind === 'midpoint'
        ? t(lang, 'captureClockWithin', { span: clockSpan(lang, (k.range[1] - k.range[0]) / 2) })
        : '';
    const done = k.applied
      ? t(lang, 'captureClockMoved', { signed: clockSpan(lang, k.shiftMs, true) })
      : t(lang, 'captureClockKept');
    return (
      t(lang, side, { who, least, span: clockSpan(lang, k.shiftMs), of: o }) + within + done + seen
    );
  });
}
