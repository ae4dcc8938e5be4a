// The sequence diagram's view model and pixel layout, in Node, over the built-in scenarios: lane
// order equals the topology drawing's, every hop, rewrite and drop lands where the trace says,
// repeats fold with exact counts, time is to scale inside bursts, and no two labels collide.
import { describe, expect, it } from 'vitest';
import { scenarioById } from '../../src/model/index.ts';
import type { Scenario, TraceEvent } from '../../src/model/index.ts';
import { buildScenario, commandsFor } from '../../src/app/catalog.ts';
import { laneOrder, packetRows, sequenceModel } from '../../src/app/sequence.ts';
import type { PacketRow, SequenceModel } from '../../src/app/sequence.ts';
import { Timeline } from '../../src/app/timeline.ts';
import { dropText } from '../../src/i18n/drops.ts';
import { layoutTopology } from '../../src/views/layout.ts';
import { layoutSequence, PX_PER_MS } from '../../src/views/sequence-layout.ts';
import type { SequenceWords } from '../../src/views/sequence-layout.ts';
import { crosses, overlaps } from '../../src/views/sequence-labels.ts';
import type { Lang } from '../../src/i18n/index.ts';

const record = (id: string, nat?: Record<string, string>): Timeline =>
  Timeline.record(buildScenario(id), {
    commands: commandsFor(id),
    ...(nat ? { nat: nat as never } : {}),
  });

const words = (lang: Lang): SequenceWords => ({
  drop: (r: PacketRow) => (r.end?.kind === 'dropped' ? dropText(lang, r.end.reason) : ''),
  lost: () => 'lost: no one received it',
  group: (n, [a, b]) => `× ${n}, ${a}-${b} ms`,
  gap: (ms) => `+${ms} ms`,
  time: (ms) => `${ms} ms`,
  expired: lang === 'es' ? 'mapeo caducado' : 'mapping expired',
});

const CASES: readonly { id: string; nat?: Record<string, string>; lanes: string[] }[] = [
  { id: 'walkthrough', lanes: ['bob', 'bob-nat', 'server', 'alice-nat', 'alice'] },
  { id: 'linux-clash', lanes: ['bob', 'bob-nat', 'server', 'alice-nat', 'alice'] },
  { id: 'hole-keepalive', lanes: ['bob', 'bob-nat', 'server', 'alice-nat', 'alice'] },
  { id: 'hole-expiry', lanes: ['bob', 'bob-nat', 'server', 'alice-nat', 'alice'] },
  { id: 'cgnat-hairpin', lanes: ['bob', 'bob-nat', 'cgnat', 'alice-nat', 'alice', 'server'] },
  { id: 'walkthrough-stun', lanes: ['bob', 'bob-nat', 'server', 'alice-nat', 'alice'] },
  {
    id: 'walkthrough',
    nat: { 'alice-nat': 'symmetric' },
    lanes: ['bob', 'bob-nat', 'server', 'alice-nat', 'alice'],
  },
];

/** Every packet row of a model, groups opened. */
const allRows = (m: SequenceModel): PacketRow[] =>
  m.items.flatMap((x) =>
    x.kind === 'packet' ? [x.row] : x.kind === 'group' ? x.group.members.flat() : [],
  );

describe.each(CASES)('sequence diagram of $id $nat', ({ id, nat, lanes }) => {
  const tl = record(id, nat);
  const events = tl.events;
  const topo = tl.scenario.topology;

  it('has one lane per node, in the topology drawing’s left-to-right order', () => {
    expect(laneOrder(topo).map((l) => l.id)).toEqual(lanes);
    const xs = lanes.map((l) => layoutTopology(topo, 900).nodes.get(l)?.x ?? NaN);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('gives every packet its hops in order, joined end to end, ending where the trace ends it', () => {
    const { rows } = packetRows(events, events.length);
    const sent = events.filter((e) => e.type === 'sent');
    expect(rows.map((r) => r.id)).toEqual(sent.map((e) => e.packet.id));
    for (const r of rows) {
      const hops = events.flatMap((e, i) =>
        e.type === 'forwarded' && e.packet.id === r.id
          ? [{ i: i + 1, from: e.from, to: e.to }]
          : [],
      );
      expect(r.hops.map((h) => ({ i: h.index, from: h.from, to: h.to }))).toEqual(hops);
      expect(r.hops[0]?.from).toBe(r.origin);
      r.hops.slice(1).forEach((h, k) => expect(h.from).toBe(r.hops[k]?.to));
      for (const h of r.hops) expect(h.arrive).toBeGreaterThanOrEqual(h.depart);
      const end = events.findIndex(
        (e) => (e.type === 'delivered' || e.type === 'dropped') && e.packet.id === r.id,
      );
      expect(r.end?.index).toBe(end + 1);
    }
  });

  it('writes each NAT rewrite at its NAT, as the translated event says', () => {
    const { rows } = packetRows(events, events.length);
    const rewrites = rows.flatMap((r) => r.rewrites);
    const translated = events.flatMap((e, i) => (e.type === 'translated' ? [{ e, i: i + 1 }] : []));
    expect(rewrites.map((w) => w.index)).toEqual(translated.map((x) => x.i).sort((a, b) => a - b));
    for (const { e, i } of translated) {
      const w = rewrites.find((x) => x.index === i);
      expect(w?.node).toBe(e.node);
      expect(w?.before).toEqual({ src: e.before.src, dst: e.before.dst });
      expect(w?.after).toEqual({ src: e.after.src, dst: e.after.dst });
    }
  });

  it.each(['en', 'es'] as const)('marks each drop on its lane with its reason (%s)', (lang) => {
    const m = sequenceModel(topo, events, events.length, {
      expanded: new Set(groupKeys(events, topo)),
    });
    const layout = layoutSequence(m, 900, words(lang));
    const drops = events.flatMap((e, i) => (e.type === 'dropped' ? [{ e, i: i + 1 }] : []));
    for (const { e, i } of drops) {
      const mark = layout.marks.find((k) => k.kind === 'drop' && k.index === i);
      expect(mark?.x, `drop #${i}`).toBe(layout.lanes.find((l) => l.id === e.node)?.x);
      const label = layout.labels.find((l) => l.kind === 'drop' && l.index === i);
      expect(label?.lines.join(' ')).toBe(`✕ ${dropText(lang, e.reason)}`);
    }
  });

  it.each([900, 390])(
    'places labels that overlap no other label and cross no arrow (%i px)',
    (w) => {
      for (const index of [Math.floor(events.length / 2), events.length]) {
        const m = sequenceModel(topo, events, index);
        const layout = layoutSequence(m, w, words('es'));
        const labels = layout.labels.filter((l) => l.kind !== 'group');
        labels.forEach((a, k) =>
          labels
            .slice(k + 1)
            .forEach((b) => expect(overlaps(a.box, b.box), `${a.id}/${b.id}`).toBe(false)),
        );
        for (const l of labels) {
          for (const a of layout.arrows)
            expect(crosses(a, l.box), `${l.id} x e${a.index}`).toBe(false);
          expect(l.box.x).toBeGreaterThanOrEqual(0);
          expect(l.box.x + l.box.w).toBeLessThanOrEqual(w);
        }
      }
    },
  );

  it('draws time to scale inside a burst and downwards throughout', () => {
    const layout = layoutSequence(sequenceModel(topo, events, events.length), 900, words('en'));
    const { rows } = packetRows(events, events.length);
    for (const a of layout.arrows) {
      const hop = rows.flatMap((r) => r.hops).find((h) => h.index === a.index);
      expect(a.y2 - a.y1).toBeCloseTo(((hop?.arrive ?? 0) - (hop?.depart ?? 0)) * PX_PER_MS, 6);
    }
    const ys = layout.focus.map((f) => f.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
  });

  it('shows only what happened up to the index, with the current event among its marks', () => {
    for (const index of [1, 10, 30, events.length]) {
      const m = sequenceModel(topo, events, index);
      for (const r of allRows(m)) {
        expect(r.sentIndex).toBeLessThanOrEqual(index);
        for (const h of r.hops) expect(h.index).toBeLessThanOrEqual(index);
      }
      const e = events[index - 1] as TraceEvent;
      const layout = layoutSequence(m, 900, words('en'));
      const packetEvent = ['sent', 'translated', 'delivered', 'dropped'].includes(e.type);
      if (packetEvent) expect(layout.marks.some((k) => k.index === index)).toBe(true);
      if (e.type === 'forwarded') expect(layout.arrows.some((a) => a.index === index)).toBe(true);
    }
  });
});

function groupKeys(events: readonly TraceEvent[], topo: Scenario['topology']): string[] {
  return sequenceModel(topo, events, events.length).items.flatMap((x) =>
    x.kind === 'group' ? [x.group.key] : [],
  );
}

describe('folding repeats', () => {
  it('hole-keepalive: the six identical punches fold into one group every 20 s', () => {
    const tl = record('hole-keepalive');
    const m = sequenceModel(tl.scenario.topology, tl.events, tl.total);
    const groups = m.items.flatMap((x) => (x.kind === 'group' ? [x.group] : []));
    expect(groups).toHaveLength(1);
    const g = groups[0];
    expect(g?.members.map((b) => b.map((r) => r.id))).toEqual([[3], [4], [5], [6], [7], [8]]);
    expect(g?.period).toEqual([20_000, 20_000]);
    // #9 met an expired mapping: a different ending, so it stays out.
    expect(m.items.some((x) => x.kind === 'packet' && x.row.id === 9)).toBe(true);
    expect(allRows(m)).toHaveLength(tl.events.filter((e) => e.type === 'sent').length);
    // While #5 travels it is shown on its own; the group forms once three have ended alike.
    const sent5 = tl.events.findIndex((e) => e.type === 'sent' && e.packet.id === 5) + 1;
    const mid = sequenceModel(tl.scenario.topology, tl.events, sent5 + 2);
    expect(mid.items.filter((x) => x.kind === 'group')).toHaveLength(0);
  });

  it('walkthrough-stun: request and filtered answer repeat as pairs, three times', () => {
    const tl = record('walkthrough-stun');
    const m = sequenceModel(tl.scenario.topology, tl.events, tl.total);
    const g = m.items.flatMap((x) => (x.kind === 'group' ? [x.group] : []))[0];
    expect(g?.members.map((b) => b.map((r) => r.id))).toEqual([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expect(g?.period).toEqual([100, 200]);
  });

  it('a closed group shows its latest repetition, an open one all of them', () => {
    const tl = record('hole-keepalive');
    const topo = tl.scenario.topology;
    const drop7 = tl.events.findIndex((e) => e.type === 'dropped' && e.packet.id === 7) + 1;
    const at7 = sequenceModel(topo, tl.events, drop7).items.find((x) => x.kind === 'group');
    expect(at7?.kind === 'group' && at7.group.members.length).toBe(5);
    expect(at7?.kind === 'group' && at7.group.shown.map((r) => r.id)).toEqual([7]);
    const closed = sequenceModel(topo, tl.events, tl.total);
    const g = closed.items.find((x) => x.kind === 'group');
    expect(g?.kind === 'group' && g.group.shown.map((r) => r.id)).toEqual([8]);
    const open = sequenceModel(topo, tl.events, tl.total, { expanded: new Set(['g3']) });
    const layoutOpen = layoutSequence(open, 900, words('en'));
    const layoutClosed = layoutSequence(closed, 900, words('en'));
    // Five more punches drawn, three hops each (Alice, her NAT, Bob's NAT, Bob).
    expect(layoutOpen.arrows.length - layoutClosed.arrows.length).toBe(5 * 3);
    expect(layoutClosed.brackets.map((b) => [b.key, b.expanded])).toEqual([['g3', false]]);
    expect(layoutOpen.brackets.map((b) => [b.key, b.expanded])).toEqual([['g3', true]]);
  });

  it('keeps a run of hundreds of keepalives short: one group, a few bursts', () => {
    const base = scenarioById('hole-keepalive');
    const times = 300;
    const steps = base.steps.map((s) => ('times' in s && s.times ? { ...s, times } : s));
    const long: Scenario = { ...base, steps, endAt: 6000 + times * 20_000 + 10_000 };
    const tl = Timeline.record(long);
    const sent = tl.events.filter((e) => e.type === 'sent').length;
    expect(sent).toBeGreaterThan(times);
    const m = sequenceModel(long.topology, tl.events, tl.total);
    const groups = m.items.flatMap((x) => (x.kind === 'group' ? [x.group] : []));
    expect(groups.reduce((n, g) => n + g.members.length, 0)).toBeGreaterThanOrEqual(times - 10);
    const layout = layoutSequence(m, 900, words('en'));
    expect(layout.arrows.length).toBeLessThan(60);
    expect(layout.height).toBeLessThan(2000);
  });
});
