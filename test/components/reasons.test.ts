/**
 * The i18n wording of the model's sentences (src/i18n/reasons.ts), table-driven over real runs:
 * the built-in scenarios, the outcome matrix and small networks that reach every DropReason and
 * every kind of binding note. In English each wording must equal the model's own string; in
 * Spanish it must differ from it and keep every address verbatim.
 */
import { describe, expect, it } from 'vitest';
import {
  DROP_REASON_TEXT,
  outcomeMatrix,
  SCENARIOS,
  ScenarioRun,
  textPayload,
} from '../../src/model/index.ts';
import type {
  BindingView,
  DropReason,
  GoalOutcome,
  MatrixCell,
  PresetId,
  Scenario,
  TraceEvent,
} from '../../src/model/index.ts';
import {
  bindingNote,
  dropDetail,
  goalReason,
  matrixReason,
  wordBindingNote,
  wordDrop,
  wordGoal,
  wordMatrixCell,
} from '../../src/i18n/reasons.ts';
import type { DropEvent } from '../../src/i18n/reasons.ts';
import { dropText } from '../../src/i18n/drops.ts';
import { nodeName } from '../../src/i18n/names.ts';
import { homeTopology, NAT_WAN, S1, S2, Sim, withOverrides } from '../model/helpers.ts';

const ALL_REASONS = Object.keys(DROP_REASON_TEXT) as DropReason[];

/** Every address-like token (a.b.c.d or a.b.c.d:port) of a sentence. */
const addresses = (s: string): string[] => s.match(/\d+\.\d+\.\d+\.\d+(?::\d+)?/g) ?? [];

// --- Collect real events, outcomes and cells -------------------------------------------------

const drops: DropEvent[] = [];
const bindings: BindingView[] = [];
const goals: GoalOutcome[] = [];

function collect(trace: readonly TraceEvent[]): void {
  for (const e of trace) {
    if (e.type === 'dropped') drops.push(e);
    if (e.type === 'mapping-created' && e.binding.note) bindings.push(e.binding);
  }
}

for (const build of Object.values(SCENARIOS)) {
  const run = new ScenarioRun(build());
  run.runToEnd();
  collect(run.events);
  goals.push(...run.outcomes());
}

// Mid-run outcomes: never sent yet, or sent and still on its way.
{
  const run = new ScenarioRun((SCENARIOS['walkthrough'] as () => Scenario)());
  goals.push(...run.outcomes());
  while (run.step()) goals.push(...run.outcomes().filter((o) => o.cause.kind === 'in-flight'));
}

const cells: MatrixCell[] = outcomeMatrix().flat();
for (const c of cells) if (c.missed) goals.push(c.missed);

/** Small networks for the reasons and notes the scenarios do not reach. */
function smallNetworks(): void {
  // no-route (at a host and at a router), port-unreachable.
  let sim = new Sim(homeTopology('full-cone'));
  sim.send('s1', 9000, '203.0.113.99:1');
  sim.send('alice', 5000, '203.0.113.99:1');
  sim.send('s1', 9000, `${S2}:1234`);
  // no-mapping: nobody inside ever sent from that port.
  sim.send('s1', 9000, `${NAT_WAN}:4444`);
  // hairpin-unsupported: alice to her own router's external address.
  sim.send('alice', 5000, `${NAT_WAN}:5001`);
  collect(sim.trace);

  // socket-connected-elsewhere.
  sim = new Sim(homeTopology('full-cone'));
  sim.socket('s1', 9000);
  const sock = sim.socket('alice', 5000);
  sock.connect({ ip: S1, port: 9000 });
  const id = sock.send(textPayload('toc'));
  sim.settle();
  sim.send('s2', 9000, sim.seenFrom(id));
  collect(sim.trace);

  // filtered-address and filtered-port.
  sim = new Sim(homeTopology('port-restricted-cone'));
  sim.socket('s1', 9000);
  const ext = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
  sim.send('s1', 9001, ext);
  sim.send('s2', 9000, ext);
  collect(sim.trace);

  // router-port-closed, both variants: the stray packet, then one matching its entry.
  sim = new Sim(homeTopology('linux-masquerade'));
  sim.send('s1', 9000, `${NAT_WAN}:4444`);
  sim.send('s1', 9000, `${NAT_WAN}:4444`);
  collect(sim.trace);

  // link-loss.
  sim = new Sim({ ...homeTopology('full-cone'), defaultLink: { loss: 0.5 } }, 3);
  for (let i = 0; i < 6; i++) sim.send('s1', 9000, `${S2}:1`);
  collect(sim.trace);

  // port-exhausted: two ports for three destinations of a symmetric NAT.
  sim = new Sim(homeTopology(withOverrides('symmetric', { portRange: [20000, 20001] })));
  for (let port = 1; port <= 3; port++) sim.send('alice', 5000, `${S1}:${port}`);
  collect(sim.trace);

  // Notes: a port taken by another host, and a port outside the NAT's range.
  const preserve = (id: PresetId) =>
    withOverrides(id, { portAssignment: 'preserve', portOverloading: false });
  sim = new Sim(homeTopology(preserve('full-cone')));
  sim.send('alice', 5000, `${S1}:9000`);
  sim.send('carol', 5000, `${S2}:9000`);
  collect(sim.trace);
  // A clash with another host's flow toward the same remote (Linux preserves and overloads).
  sim = new Sim(homeTopology('linux-masquerade-input-drop'));
  sim.send('alice', 5000, `${S1}:9000`);
  sim.send('carol', 5000, `${S1}:9000`);
  collect(sim.trace);
  sim = new Sim(
    homeTopology(
      withOverrides('full-cone', { portAssignment: 'preserve', portRange: [20000, 29999] }),
    ),
  );
  sim.send('alice', 5000, `${S1}:9000`);
  collect(sim.trace);
}
smallNetworks();

// --- The tables ------------------------------------------------------------------------------

describe('drop details', () => {
  it('the runs reach every DropReason and both router-port-closed variants', () => {
    expect(new Set(drops.map((d) => d.reason))).toEqual(new Set(ALL_REASONS));
    const closed = drops.filter((d) => d.reason === 'router-port-closed').map((d) => d.detail);
    expect(closed.some((d) => d.startsWith('no mapping permits'))).toBe(true);
    expect(closed.some((d) => d.endsWith("matched the router's own conntrack entry"))).toBe(true);
  });

  const oneOfEach = new Map<string, DropEvent>();
  for (const d of drops) oneOfEach.set(`${d.reason} ${d.detail.replace(/[\d.:]+/g, '#')}`, d);

  it.each([...oneOfEach.entries()])(
    '%s: English equals the model, Spanish keeps addresses',
    (_, d) => {
      const w = wordDrop(d);
      expect(w?.en).toBe(d.detail);
      const shown = wordDrop(d, nodeName);
      expect(dropDetail('en', d)).toBe(shown?.en);
      const es = dropDetail('es', d);
      expect(es).toBe(shown?.es);
      expect(es).not.toBe(d.detail);
      expect(addresses(es)).toEqual(addresses(d.detail));
    },
  );

  it('words every drop of every run the same as the model', () => {
    for (const d of drops) expect(wordDrop(d)?.en).toBe(d.detail);
  });

  it('falls back when a detail has an unknown shape', () => {
    const d = drops.find((x) => x.reason === 'link-loss') as DropEvent;
    const odd = { ...d, detail: 'lost somewhere' };
    expect(dropDetail('en', odd)).toBe('lost somewhere');
    expect(dropDetail('es', odd)).toBe('perdido en el enlace');
  });

  it('reads the filtered drop of the walkthrough with Alice on a symmetric NAT in Spanish', () => {
    const cell = cells.find((c) => c.bob === 'port-restricted-cone' && c.alice === 'symmetric');
    const cause = cell?.missed?.cause;
    expect(cause?.kind).toBe('dropped');
    if (cause?.kind !== 'dropped') return;
    expect(dropDetail('es', cause.event)).toMatch(
      /^filtrado: ningún mapeo permite 54\.93\.229\.24:\d+ -> 82\.230\.120\.113:\d+$/,
    );
  });
});

describe('goal outcome reasons', () => {
  it('the runs reach every kind of cause', () => {
    const kinds = new Set(goals.map((g) => g.cause.kind));
    expect(kinds).toEqual(new Set(['delivered', 'dropped', 'never-sent', 'in-flight']));
  });

  it('words every outcome the same as the model in English, and otherwise in Spanish', () => {
    for (const g of goals) {
      expect(wordGoal(g)?.en).toBe(g.reason);
      expect(goalReason('en', g)).toBe(wordGoal(g, nodeName)?.en);
      const es = goalReason('es', g);
      expect(es).not.toBe(g.reason);
      expect(addresses(es)).toEqual(addresses(g.reason));
    }
  });

  it('falls back to the model reason when a drop detail has an unknown shape', () => {
    const g = goals.find((o) => o.cause.kind === 'dropped') as GoalOutcome;
    if (g.cause.kind !== 'dropped') return;
    const event = { ...g.cause.event, detail: 'something new' };
    const odd = { ...g, reason: `something new (at ${event.node})`, cause: { ...g.cause, event } };
    expect(goalReason('en', odd)).toBe(odd.reason);
    expect(goalReason('es', odd)).toBe(
      `${dropText('es', event.reason)} (en ${nodeName('es', event.node)})`,
    );
  });
});

describe('outcome-matrix reasons', () => {
  it('the matrix has every verdict', () => {
    expect(new Set(cells.map((c) => c.verdict))).toEqual(
      new Set(['direct', 'fails', 'port-prediction', 'relay']),
    );
  });

  it.each(cells.map((c) => [`${c.bob} × ${c.alice}`, c] as const))(
    '%s: English equals the model, Spanish is worded',
    (_, c) => {
      expect(wordMatrixCell(c)?.en).toBe(c.reason);
      expect(matrixReason('en', c)).toBe(wordMatrixCell(c, nodeName)?.en);
      const es = matrixReason('es', c);
      expect(es).not.toBe(c.reason);
      expect(addresses(es)).toEqual(addresses(c.reason));
      if (c.missed) expect(es.startsWith(`${c.missed.goal.label.es}: no, `)).toBe(true);
    },
  );
});

describe('binding notes', () => {
  it('the runs reach a clash by a flow, by a router entry, a taken port and a range', () => {
    const notes = bindings.map((b) => b.note ?? '');
    expect(notes.some((n) => /^clash: .* held by a flow,/.test(n))).toBe(true);
    expect(notes.some((n) => /^clash: .* conntrack entry of the router's own,/.test(n))).toBe(true);
    expect(notes.some((n) => /^port \d+ was taken,/.test(n))).toBe(true);
    expect(notes.some((n) => /^port \d+ is outside this NAT's range/.test(n))).toBe(true);
  });

  it('words every note the same as the model in English, and otherwise in Spanish', () => {
    for (const b of bindings) {
      expect(wordBindingNote(b)?.en).toBe(b.note);
      expect(bindingNote('en', b)).toBe(b.note);
      const es = bindingNote('es', b) ?? '';
      expect(es).not.toBe(b.note);
      expect(addresses(es)).toEqual(addresses(b.note ?? ''));
    }
  });

  it('keeps the English note when it cannot read it, and nothing when there is none', () => {
    const b = bindings[0] as BindingView;
    expect(bindingNote('es', { ...b, note: 'something new' })).toBe('something new');
    expect(bindingNote('es', { ...b, note: undefined })).toBeUndefined();
  });
});
