/**
 * A typing session in the URL: each typed command as a repeated `t=ACTOR@SECONDS:LINE` (seconds
 * to the millisecond, the line as typed, URL-encoded), in time order, and `stopAfter=N` for a
 * scenario cut after its first N scripted steps. Entries that cannot be used are reported.
 *
 * Example: ?s=walkthrough&stopAfter=6&t=alice%4010.001%3Aecho+%22upd+hole%22+%7C+nc+...
 */
import { MAX_AT, MAX_LINE, MAX_TYPED } from './typed.ts';
import type { Session, TypedCommand } from './typed.ts';

/** `alice@6.001:echo "upd hole" | nc ...`. */
export function encodeTyped(c: TypedCommand): string {
  return `${c.actor}@${c.at / 1000}:${c.line}`;
}

const TYPED = /^([a-z][a-z0-9-]*)@(\d{1,5}(?:\.\d{1,3})?):(.+)$/s;

/** Decodes one entry; undefined unless it is ACTOR@SECONDS:LINE with a usable line. */
export function decodeTyped(text: string): TypedCommand | undefined {
  const m = TYPED.exec(text);
  if (!m) return undefined;
  const at = Math.round(Number(m[2]) * 1000);
  const line = (m[3] as string).trim();
  if (at > MAX_AT || line === '' || line.length > MAX_LINE || /[\n\r]/.test(line)) return undefined;
  return { actor: m[1] as string, at, line };
}

/** The problems a session's parameters can have. */
export type SessionProblem = 'bad-typed' | 'bad-stop-after';

/**
 * The session in a query: typed commands sorted by time (stable), at most MAX_TYPED; entries
 * that do not decode, and a `stopAfter` that is not a whole number, go to `bad`.
 */
export function parseSession(
  q: URLSearchParams,
  bad: (kind: SessionProblem, param: string, value: string) => void,
): Session | undefined {
  const typed: TypedCommand[] = [];
  for (const v of q.getAll('t')) {
    const c = typed.length < MAX_TYPED ? decodeTyped(v) : undefined;
    if (c) typed.push(c);
    else bad('bad-typed', 't', v);
  }
  typed.sort((a, b) => a.at - b.at);
  const stop = q.get('stopAfter');
  let stopAfter: number | undefined;
  if (stop !== null && /^\d{1,5}$/.test(stop)) stopAfter = Number(stop);
  else if (stop !== null) bad('bad-stop-after', 'stopAfter', stop);
  if (typed.length === 0 && stopAfter === undefined) return undefined;
  return { typed, ...(stopAfter === undefined ? {} : { stopAfter }) };
}

/** Adds a session's parameters to a query. */
export function formatSession(q: URLSearchParams, s: Session | undefined): void {
  if (!s) return;
  if (s.stopAfter !== undefined) q.set('stopAfter', String(s.stopAfter));
  for (const c of s.typed) q.append('t', encodeTyped(c));
}
