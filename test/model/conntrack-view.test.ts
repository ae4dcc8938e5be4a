/**
 * The conntrack view of every flow (issue 8): like `conntrack -L`, a flow's original tuple is the
 * packet that created it as it arrived at the router and its reply tuple is that packet's
 * inverse after NAT. Checked against the trace for every flow of every built-in scenario and of
 * the walkthrough over every pair of presets, plus the rule stated per direction.
 */
import { describe, expect, it } from 'vitest';
import {
  formatEndpoint,
  PRESET_IDS,
  SCENARIOS,
  ScenarioRun,
  scenarioById,
} from '../../src/model/index.ts';
import type {
  ConntrackTuple,
  FlowView,
  Packet,
  RunOptions,
  Scenario,
  TraceEvent,
} from '../../src/model/index.ts';
import { conntrackLine } from '../../src/model/nat-tables.ts';
import { parseConntrackLine } from '../../lab/netns/conntrack.ts';

type Created = Extract<TraceEvent, { type: 'flow-created' }>;

const ep = formatEndpoint;
const show = (t: ConntrackTuple) => `${ep(t.src)} -> ${ep(t.dst)}`;
const tuple = (p: Packet): ConntrackTuple => ({ src: p.src, dst: p.dst });
const inverse = (p: Packet): ConntrackTuple => ({ src: p.dst, dst: p.src });

function run(s: Scenario, opts?: RunOptions): readonly TraceEvent[] {
  const r = new ScenarioRun(s, opts);
  r.runToEnd();
  return r.events;
}

/**
 * What conntrack would record for the flow created at `events[i]`: the packet the router was
 * handling then (its translation, its drop, or its forwarding when the router does not translate).
 */
function expected(events: readonly TraceEvent[], i: number): { original: string; reply: string } {
  const c = events[i] as Created;
  for (const e of events.slice(i + 1)) {
    if (e.type === 'translated' && e.node === c.node)
      return { original: show(tuple(e.before)), reply: show(inverse(e.after)) };
    if (e.type === 'dropped' && e.node === c.node)
      return { original: show(tuple(e.packet)), reply: show(inverse(e.packet)) };
    if (e.type === 'forwarded' && e.from === c.node)
      return { original: show(tuple(e.packet)), reply: show(inverse(e.packet)) };
  }
  throw new Error(`no packet after flow-created #${i + 1} at ${c.node}`);
}

const cases: [string, readonly TraceEvent[]][] = [
  ...Object.entries(SCENARIOS).map(([id, build]): [string, readonly TraceEvent[]] => [
    id,
    run(build()),
  ]),
  ...PRESET_IDS.flatMap((bob) =>
    PRESET_IDS.map((alice): [string, readonly TraceEvent[]] => [
      `walkthrough bob ${bob} alice ${alice}`,
      run(scenarioById('walkthrough'), {
        nat: { 'bob-nat': { preset: bob }, 'alice-nat': { preset: alice } },
      }),
    ]),
  ),
];

describe('flows carry conntrack original and reply tuples', () => {
  it.each(cases)('%s: every flow as conntrack would show it', (_, events) => {
    let flows = 0;
    events.forEach((e, i) => {
      if (e.type !== 'flow-created') return;
      flows++;
      const f = e.flow;
      const want = expected(events, i);
      expect(
        { original: show(f.original), reply: show(f.reply) },
        `flow ${f.id} at ${e.node}`,
      ).toEqual(want);
      if (f.origin === 'out') {
        expect(f.original).toEqual({ src: f.internal, dst: f.remote });
        expect(f.reply).toEqual({ src: f.remote, dst: f.external });
      } else {
        expect(f.original).toEqual({ src: f.remote, dst: f.external });
        expect(f.reply).toEqual({ src: f.internal, dst: f.remote });
      }
    });
    expect(flows).toBeGreaterThan(0);
  });

  it("the walkthrough: Alice's inbound packet through Bob's full cone is original remote -> external", () => {
    const events = run(scenarioById('walkthrough'));
    const inbound = events.find(
      (e): e is Created =>
        e.type === 'flow-created' && e.node === 'bob-nat' && e.flow.origin === 'in',
    );
    expect(inbound && show(inbound.flow.original)).toBe(
      '82.230.120.113:53333 -> 54.93.229.24:58888',
    );
    expect(inbound && show(inbound.flow.reply)).toBe('192.168.1.10:58888 -> 82.230.120.113:53333');
  });

  it('prints a flow as a conntrack -L line the lab parser reads back', () => {
    const events = run(scenarioById('walkthrough'));
    const flows = events.flatMap((e) => (e.type === 'flow-created' ? [e.flow] : []));
    const first = flows[0] as FlowView;
    expect(conntrackLine(first, first.createdAt)).toBe(
      'udp      17 120 src=192.168.1.10 dst=54.93.249.162 sport=58888 dport=9000 [UNREPLIED] ' +
        'src=54.93.249.162 dst=54.93.229.24 sport=9000 dport=58888 mark=0 use=1',
    );
    for (const f of flows) {
      const parsed = parseConntrackLine(conntrackLine({ ...f, replied: true }, f.createdAt));
      expect(parsed?.original).toEqual({
        src: f.original.src.ip,
        dst: f.original.dst.ip,
        sport: f.original.src.port,
        dport: f.original.dst.port,
      });
      expect(parsed?.reply.dport).toBe(f.reply.dst.port);
      expect(parsed?.assured).toBe(true);
    }
  });
});
