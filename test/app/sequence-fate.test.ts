/**
 * Datagrams that never arrived, as the sequence diagram classifies, draws and words them: on the
 * model's side (the walkthrough through two port-restricted NATs, Alice's "upd hole" dropped by
 * Bob's NAT) and on a real run's (a datagram only seen leaving: travelling while the run is live,
 * lost once it is over; a drop a capture saw at a NAT), in both languages.
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, commandsFor } from '../../src/app/catalog.ts';
import { RealTimeline } from '../../src/app/real-timeline.ts';
import { sequenceModel } from '../../src/app/sequence.ts';
import { fateOf, neverArrived, rowsOf } from '../../src/app/sequence-fate.ts';
import type { RunRecord } from '../../src/app/timeline.ts';
import { Timeline } from '../../src/app/timeline.ts';
import { neverSentence } from '../../src/components/nat-sequence-never.ts';
import { walkthroughTopology } from '../../src/model/scenarios/index.ts';
import type { TraceEvent } from '../../src/model/trace.ts';
import { layoutSequence } from '../../src/views/sequence-layout.ts';
import type { SequenceWords } from '../../src/views/sequence-layout.ts';

const enc = new TextEncoder();
const ep = (s: string) => {
  const [ip, port] = s.split(':');
  return { ip: ip as string, port: Number(port) };
};
let ids = 0;
const packet = (src: string, dst: string, text: string) => ({
  id: ++ids,
  src: ep(src),
  dst: ep(dst),
  payload: enc.encode(`${text}\n`),
});
const sent = (t: number, node: string, src: string, dst: string, text: string): TraceEvent => ({
  type: 'sent',
  t,
  node,
  packet: packet(src, dst, text),
});
const got = (t: number, node: string, src: string, dst: string, text: string): TraceEvent => ({
  type: 'delivered',
  t,
  node,
  packet: packet(src, dst, text),
  socket: ep(dst),
});
const topology = walkthroughTopology('port-restricted-cone', 'port-restricted-cone');
const real = (trace: TraceEvent[], complete: boolean) => {
  const tl = new RealTimeline({ setup: { scenario: 'walkthrough' }, topology, trace }, [
    'bob',
    'server',
    'alice',
  ]);
  tl.complete = complete;
  return tl;
};
const model = Timeline.record(buildScenario('walkthrough'), {
  commands: commandsFor('walkthrough'),
  nat: { 'bob-nat': 'port-restricted-cone', 'alice-nat': 'port-restricted-cone' },
});
/** The never-arrived datagrams of `tl` after `index` events (default: all), as text → fate. */
const never = (tl: RunRecord, index = tl.total) => {
  const m = sequenceModel(tl.scenario.topology, tl.events, index, {
    complete: tl.complete === true,
  });
  return neverArrived(rowsOf(m.items)).map((n) => ({
    text: n.row.text,
    fate: n.fate.kind,
    node: n.fate.node,
    ...(n.fate.kind === 'dropped' ? { reason: n.fate.reason } : {}),
  }));
};

const UPD_HOLE = [
  sent(10, 'alice', '192.168.1.10:53333', '198.51.100.24:58888', 'upd hole'),
  sent(11, 'bob', '192.168.2.20:58888', '192.0.2.113:53333', 'soy Bob'),
  got(12, 'alice', '198.51.100.24:58888', '192.168.1.10:53333', 'soy Bob'),
];
const CAPTURED_DROP: TraceEvent[] = [
  sent(10, 'alice', '192.168.1.10:53333', '198.51.100.24:58888', 'upd hole'),
  {
    type: 'dropped',
    t: 11,
    node: 'bob-nat',
    packet: packet('192.0.2.113:53333', '198.51.100.24:58888', 'upd hole'),
    reason: 'filtered-port',
    detail: 'filtered: no mapping permits 192.0.2.113:53333 -> 198.51.100.24:58888',
  } as TraceEvent,
];

describe('datagrams that never arrived', () => {
  it.each([
    [
      'the model: Bob’s NAT drops Alice’s first "upd hole" (port-restricted), the rest arrive',
      model,
      undefined,
      [{ text: '“upd hole”', fate: 'dropped', node: 'bob-nat', reason: 'filtered-address' }],
    ],
    [
      'the model, before the drop: nothing has failed to arrive yet',
      model,
      model.events.findIndex((e) => e.type === 'dropped'),
      [],
    ],
    [
      'a live real run: a datagram only seen leaving is still travelling',
      real(UPD_HOLE, false),
      undefined,
      [],
    ],
    [
      'a real run that is over: it is lost, heading to the sender’s NAT (where it died is not known)',
      real(UPD_HOLE, true),
      undefined,
      [{ text: '“upd hole”', fate: 'lost', node: 'alice-nat' }],
    ],
    [
      'a capture saw Bob’s NAT drop it: dropped there, with the reason',
      real(CAPTURED_DROP, true),
      undefined,
      [{ text: '“upd hole”', fate: 'dropped', node: 'bob-nat', reason: 'filtered-port' }],
    ],
  ])('%s', (_name, tl, index, want) => {
    expect(never(tl, index)).toEqual(want);
  });

  it('keeps the delivered ones out and says which arrived', () => {
    const m = sequenceModel(topology, real(UPD_HOLE, true).events, Infinity, { complete: true });
    const fates = rowsOf(m.items).map((r) => [r.text, fateOf(r).kind]);
    expect(fates).toEqual([
      ['“upd hole”', 'lost'],
      ['“soy Bob”', 'delivered'],
    ]);
  });

  const words: SequenceWords = {
    drop: () => 'dropped',
    lost: () => 'lost: no one received it',
    group: (n) => `× ${n}`,
    gap: (ms) => `+${ms}`,
    time: (ms) => `${ms}`,
    expired: 'expired',
  };

  it('draws a lost datagram as a dotted stub from its sender with a cross, a label and a stop', () => {
    const tl = real(UPD_HOLE, true);
    const m = sequenceModel(topology, tl.events, tl.total, { complete: true });
    const l = layoutSequence(m, 900, words);
    const lost = l.arrows.filter((a) => a.end === 'lost');
    expect(lost).toHaveLength(1);
    const stub = lost[0];
    const x = (id: string) => l.lanes.find((ln) => ln.id === id)?.x ?? NaN;
    expect(stub?.x1).toBeCloseTo(x('alice'));
    // Part of the way toward Alice's NAT, never all of it: it is not known to have got there.
    const toward = x('alice-nat') - x('alice');
    expect(Math.sign((stub?.x2 ?? 0) - (stub?.x1 ?? 0))).toBe(Math.sign(toward));
    expect(Math.abs((stub?.x2 ?? 0) - (stub?.x1 ?? 0))).toBeLessThan(Math.abs(toward));
    expect(l.marks.filter((k) => k.kind === 'lost')).toHaveLength(1);
    expect(l.labels.some((b) => b.lines.join(' ').includes('lost: no one received it'))).toBe(true);
    expect(l.focus.find((f) => f.id === `e${stub?.index}`)).toMatchObject({
      kind: 'drop',
      packet: stub?.packet,
    });
  });

  it('draws a dropped datagram’s hops dashed and gives its cross an id the keyboard stops at', () => {
    const m = sequenceModel(model.scenario.topology, model.events, model.total);
    const l = layoutSequence(m, 900, words);
    const drop = model.events.findIndex((e) => e.type === 'dropped') + 1;
    const id = (model.events[drop - 1] as Extract<TraceEvent, { type: 'dropped' }>).packet.id;
    expect(l.arrows.filter((a) => a.packet === id).every((a) => a.end === 'dropped')).toBe(true);
    expect(l.marks.find((k) => k.kind === 'drop' && k.index === drop)).toMatchObject({
      id: `e${drop}`,
      packet: id,
    });
    expect(l.focus.find((f) => f.id === `e${drop}`)).toMatchObject({ kind: 'drop', packet: id });
  });

  it.each([
    [
      'en',
      'dropped',
      /^never arrived: dropped by Bob's NAT: filtered: the mapping never sent to this address \(address-and-port-dependent filtering\)$/,
    ],
    [
      'es',
      'dropped',
      /^nunca llegó: descartado por NAT de Bob: filtrado: el mapeo nunca envió a esta dirección \(filtrado dependiente de dirección y puerto\)$/,
    ],
    ['en', 'lost', /^never arrived: lost \(it was sent, and no machine reported it arriving/],
    ['es', 'lost', /^nunca llegó: perdido \(se envió y ninguna máquina dijo haberlo recibido/],
  ] as const)('words it (%s, %s)', (lang, kind, want) => {
    const tl: RunRecord = kind === 'dropped' ? model : real(UPD_HOLE, true);
    const m = sequenceModel(tl.scenario.topology, tl.events, tl.total, {
      complete: tl.complete === true,
    });
    const n = neverArrived(rowsOf(m.items))[0];
    expect(n && neverSentence(lang, n)).toMatch(want);
  });
});
