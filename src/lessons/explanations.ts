/**
 * The explanation check's two halves: the addresses and ports written in an explanation
 * (`54.93.229.24:58888`, `82.230.120.113`, `58888`), and those that appear anywhere in a run's
 * trace (packets, rewrites, bindings, flows, commands and their output). An explanation may only
 * name what its run shows.
 */
import type { TraceEvent } from '../model/index.ts';

const IP = String.raw`(?:\d{1,3}\.){3}\d{1,3}`;
const IP_PORT = new RegExp(String.raw`(?<![\d.])(${IP})(?::| port | puerto )(\d{1,5})(?!\d)`, 'g');
const IP_ONLY = new RegExp(String.raw`(?<![\d.])${IP}(?![\d.])`, 'g');
/** A port: 4 or 5 digits in 1024-65535, not part of an address, not "RFC 4787", not a duration. */
const PORT = /(?<![\d.:]|RFC ?)(\d{4,5})(?![\d.]|\s?(?:ms|s|seg|sec|segundos|seconds)\b)/g;

/** What a text names: `ip:port` pairs, bare addresses and bare ports. */
export interface Named {
  readonly endpoints: readonly string[];
  readonly ips: readonly string[];
  readonly ports: readonly string[];
}

/** The addresses and ports written in `text` (markdown or plain). */
export function namedIn(text: string): Named {
  const endpoints = [...text.matchAll(IP_PORT)].map((m) => `${m[1]}:${m[2]}`);
  const rest = text.replace(IP_PORT, ' ');
  const ips = [...rest.matchAll(IP_ONLY)].map((m) => m[0]);
  const ports = [...rest.replace(IP_ONLY, ' ').matchAll(PORT)]
    .map((m) => m[1] as string)
    .filter((p) => Number(p) >= 1024 && Number(p) <= 65535);
  return { endpoints, ips, ports };
}

/** Every endpoint, address and port a trace shows. */
export class TraceFacts {
  private readonly seen = new Set<string>();

  constructor(events: readonly TraceEvent[]) {
    for (const e of events) this.walk(e, 0);
  }

  private add(n: Named): void {
    for (const x of [...n.endpoints, ...n.ips, ...n.ports]) this.seen.add(x);
    for (const ep of n.endpoints) this.seen.add(ep.slice(ep.lastIndexOf(':') + 1));
    for (const ep of n.endpoints) this.seen.add(ep.slice(0, ep.lastIndexOf(':')));
  }

  private walk(x: unknown, depth: number): void {
    if (depth > 6 || x === null || x === undefined) return;
    if (typeof x === 'string') this.add(namedIn(x));
    else if (typeof x === 'number') this.seen.add(String(x));
    else if (typeof x === 'object' && !(x instanceof Uint8Array)) {
      const o = x as Record<string, unknown>;
      if (typeof o['ip'] === 'string' && typeof o['port'] === 'number')
        this.seen.add(`${o['ip']}:${o['port']}`);
      for (const v of Object.values(o)) this.walk(v, depth + 1);
    }
  }

  /** What `text` names that the trace does not show. */
  missing(text: string): string[] {
    const n = namedIn(text);
    return [...n.endpoints, ...n.ips, ...n.ports].filter((x) => !this.seen.has(x));
  }
}
