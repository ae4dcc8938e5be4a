/**
 * Comparing the two runs of a case field by field. Ports the case does not name (a NAT's choice
 * after a clash, --random-fully's random ports) cannot match numerically between the model's rng
 * and the kernel's, so each observation names them P1, P2... in order of first appearance: what
 * must agree is which port is new, which is reused and where it shows up, not its number.
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import type { VerifyCase } from './case.ts';
import { literalPorts, routersOf } from './case.ts';
import type { RawFlow, RawObservation } from './observation.ts';
import { fateText } from './observation.ts';

/** An observation with ports named: one value per field, in a stable order. */
export interface NormalObservation {
  /** Field name -> value, e.g. `alice-toc.seen` -> `192.0.2.113:53333`. */
  readonly fields: ReadonlyMap<string, string>;
}

/** One field on which the two runs differ. */
export interface Difference {
  readonly field: string;
  readonly model: string;
  readonly lab: string;
}

/** Names unknown ports in order of first appearance. */
class PortNamer {
  private readonly names = new Map<number, string>();
  constructor(private readonly literal: ReadonlySet<number>) {}

  port(port: number): string {
    if (this.literal.has(port)) return String(port);
    let name = this.names.get(port);
    if (name === undefined) this.names.set(port, (name = `P${this.names.size + 1}`));
    return name;
  }

  endpoint(e: Endpoint | undefined): string {
    return e ? `${e.ip}:${this.port(e.port)}` : '-';
  }

  /** The flow as conntrack prints it, ports named. */
  flow(f: RawFlow): string {
    const o = `${this.endpoint(f.original.src)}>${this.endpoint(f.original.dst)}`;
    const r = `${this.endpoint(f.reply.src)}>${this.endpoint(f.reply.dst)}`;
    return `${o} | ${r}${f.unreplied ? ' [UNREPLIED]' : ''}`;
  }

  /** A key that does not depend on unnamed ports (to order flows before naming). */
  preKey(f: RawFlow): string {
    const e = (x: Endpoint): string => `${x.ip}:${this.literal.has(x.port) ? x.port : '*'}`;
    return `${e(f.original.src)}>${e(f.original.dst)}|${e(f.reply.src)}>${e(f.reply.dst)}`;
  }
}

/** Normalises one run of `c`. */
export function normalise(c: VerifyCase, raw: RawObservation): NormalObservation {
  const names = new PortNamer(literalPorts(c));
  const fields = new Map<string, string>();
  for (const d of raw.datagrams) {
    fields.set(`${d.id}.to`, names.endpoint(d.to));
    fields.set(`${d.id}.fate`, fateText(d.fate));
    fields.set(`${d.id}.seen`, names.endpoint(d.seenAs));
    fields.set(`${d.id}.at`, names.endpoint(d.deliveredTo));
  }
  for (const [tool, verdict] of Object.entries(raw.verdicts ?? {}))
    fields.set(`stun ${tool}`, verdict);
  for (const g of c.goals ?? []) {
    const reached = raw.datagrams.some(
      (d) => g.anyOf.includes(d.id) && d.fate.kind === 'delivered',
    );
    fields.set(`goal ${g.name}`, reached ? 'reached' : 'missed');
  }
  for (const t of raw.tables) {
    for (const router of routersOf(c)) {
      const flows = [...(t.flows[router] ?? [])].sort((a, b) =>
        cmp(names.preKey(a), names.preKey(b)),
      );
      const lines = flows.map((f) => names.flow(f)).sort(cmp);
      fields.set(`conntrack ${router} @${t.label}`, lines.length ? lines.join('\n') : '(empty)');
    }
  }
  return { fields };
}

/** Every field on which the two runs differ (empty: they agree). */
export function compare(model: NormalObservation, lab: NormalObservation): Difference[] {
  const out: Difference[] = [];
  const keys = [
    ...model.fields.keys(),
    ...[...lab.fields.keys()].filter((k) => !model.fields.has(k)),
  ];
  for (const field of keys) {
    const m = model.fields.get(field) ?? '(absent)';
    const l = lab.fields.get(field) ?? '(absent)';
    if (m !== l) out.push({ field, model: m, lab: l });
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
