/**
 * A capture replayed with what it saw at the routers: the namespace capture of the walkthrough
 * (test/e2e/fixtures/walkthrough-netns.pcapng) is imported as a saved run (version 2) and drawn
 * by RealTimeline with the NAT rewrites the capture saw (not inferred) and the NAT tables built
 * from them; the same capture without Alice's punch shows Bob's datagrams dropped at Alice's NAT,
 * which the diff words as such. The prediction's lines include the Server's nc, started again for
 * each new peer as in the real run. A datagram never seen arriving ends faded, then gone.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCapture } from '../../src/app/capture-import.ts';
import { diffRuns } from '../../src/app/lab-diff.ts';
import { LabRun } from '../../src/app/lab-run.ts';
import { LINGER_MS, UNSEEN_AFTER_MS, packetsAt } from '../../src/app/packets.ts';
import { RealTimeline } from '../../src/app/real-timeline.ts';
import { t } from '../../src/i18n/index.ts';
import { nodeName } from '../../src/i18n/names.ts';
import type { TraceEvent } from '../../src/model/trace.ts';
import { formatLabRun, parseLabRun } from '../../src/protocol/lab-run.ts';
import { natDropCapture } from '../capture/nat-drop-capture.ts';

const CAPTURE = readFileSync(
  resolve(import.meta.dirname, '../e2e/fixtures/walkthrough-netns.pcapng'),
);

/** A capture imported, saved, opened again and drawn. */
function replay(bytes: Uint8Array) {
  const imported = importCapture(bytes);
  const parsed = parseLabRun(formatLabRun(imported.file));
  if (!parsed.ok) throw new Error(parsed.error);
  const run = LabRun.fromFile(parsed.run);
  return { imported, run, tl: new RealTimeline(run, ['bob', 'server', 'alice']) };
}

const text = (p: { payload: Uint8Array }) => new TextDecoder().decode(p.payload).trim();
const at = (e: TraceEvent) => ('node' in e ? `${e.type}@${e.node}` : e.type);

describe('a capture replayed with the rewrites it saw', () => {
  it('draws each rewrite the capture saw at each NAT, with the real ports, and builds the tables from them', () => {
    const { imported, tl } = replay(new Uint8Array(CAPTURE));
    const seen = imported.analysis.journeys.flatMap((j) =>
      j.rewrites.map(
        (r) =>
          `${r.router} ${r.direction} ${text(r.before)} ${r.after.src.ip}:${r.after.src.port}>${r.after.dst.ip}:${r.after.dst.port}`,
      ),
    );
    const drawn = tl.events.flatMap((e) =>
      e.type === 'translated'
        ? [
            `${e.node} ${e.direction} ${text(e.before)} ${e.after.src.ip}:${e.after.src.port}>${e.after.dst.ip}:${e.after.dst.port}`,
          ]
        : [],
    );
    expect(drawn).toEqual(seen);
    expect(drawn).toHaveLength(10);
    // Alice's NAT: the mapping her "toc" made, as the capture saw it leave, used by Bob's replies.
    const last = tl.frame(tl.total).nats.find((n) => n.node === 'alice-nat');
    expect(
      last?.bindings.map(
        (b) => `${b.internal.ip}:${b.internal.port}>${b.external.ip}:${b.external.port}`,
      ),
    ).toEqual(['192.168.1.10:53333>192.0.2.113:53333']);
    expect(last?.flows.map((f) => `${f.remote.ip}:${f.remote.port} ${f.replied}`)).toEqual([
      '203.0.113.162:9000 false',
      '198.51.100.24:58888 true',
    ]);
    // Every rewrite names the mapping it used.
    expect(tl.events.filter((e) => e.type === 'translated' && e.bindingId === 0)).toEqual([]);
  });

  it('draws a datagram seen entering a NAT and never leaving it as dropped there, and the diff says so', () => {
    const { run, tl } = replay(new Uint8Array(natDropCapture()));
    const soyBob = tl.events.findIndex((e) => e.type === 'dropped' && text(e.packet) === 'soy Bob');
    expect(
      tl.events
        .slice(soyBob - 3, soyBob + 1)
        .map((e) => (e.type === 'forwarded' ? `${e.from}>${e.to}` : at(e))),
    ).toEqual([
      'flow-created@bob-nat',
      'translated@bob-nat',
      'bob-nat>alice-nat',
      'dropped@alice-nat',
    ]);
    expect(tl.events[soyBob]).toMatchObject({ reason: 'filtered-address' });
    const views = packetsAt(tl.events, soyBob + 1);
    expect(views.find((v) => text(v.packet) === 'soy Bob')).toMatchObject({
      status: 'dropped',
      from: 'alice-nat',
    });

    // Predicted delivered to Alice; the capture saw it dropped at her NAT.
    const payload = new TextEncoder().encode('soy Bob\n');
    const p = {
      id: 7,
      src: { ip: '192.168.2.20', port: 58888 },
      dst: { ip: '192.0.2.113', port: 53333 },
      payload,
    };
    const predicted: TraceEvent[] = [
      { type: 'sent', t: 0, node: 'bob', packet: p },
      { type: 'delivered', t: 1, node: 'alice', packet: p, socket: p.dst },
    ];
    const [d] = diffRuns(predicted, run.trace, [{ from: 'bob', text: 'soy Bob' }], true);
    expect(d).toMatchObject({
      kind: 'lost',
      real: { kind: 'dropped', node: 'alice-nat', reason: 'filtered-address' },
    });
    expect(d?.why).toBeUndefined();
  });

  it.each([
    ['en', "predicted delivered, dropped at Alice's NAT for real"],
    ['es', 'se predijo entregado y de verdad se descartó en NAT de Alice'],
  ] as const)('words a drop at a NAT in %s', (lang, words) => {
    expect(t(lang, 'labDiffDroppedAt', { node: nodeName(lang, 'alice-nat') })).toBe(words);
  });

  it("the prediction's lines: the Server's nc started again for each new peer, nothing scripted", () => {
    const { imported } = replay(new Uint8Array(CAPTURE));
    expect(imported.file.setup.stopAfter).toBe(0);
    expect(imported.file.source).toBe('capture');
    expect(
      imported.file.lines.slice(0, 4).map((l) => `${l.actor}$ ${l.command.split(' |')[0]}`),
    ).toEqual([
      'server$ nc -lu 9000',
      'bob$ echo "toc"',
      'server$ nc -lu 9000',
      'alice$ echo "toc"',
    ]);
  });
});

describe('a datagram never seen arriving', () => {
  const payload = new TextEncoder().encode('toc\n');
  const lost = {
    id: 1,
    src: { ip: '10.0.0.1', port: 1 },
    dst: { ip: '10.0.0.2', port: 2 },
    payload,
  };
  const tick = (t: number): TraceEvent => ({
    type: 'output',
    t,
    actor: 'bob',
    text: '.',
    stream: 'stdout',
  });
  const trace: TraceEvent[] = [
    { type: 'sent', t: 0, node: 'bob', packet: lost },
    tick(UNSEEN_AFTER_MS / 2),
    tick(UNSEEN_AFTER_MS + 1),
    tick(LINGER_MS + 1),
  ];
  it.each([
    [1, 'sent'],
    [2, 'sent'],
    [3, 'unseen'],
    [4, undefined],
  ])('after %i events: %s', (index, status) => {
    expect(packetsAt(trace, index).find((v) => v.id === 1)?.status).toBe(status);
  });
});

describe('two senders of the same text to one receiver (both peers send "toc" to the Server)', () => {
  const pkt = (id: number, port: number) => ({
    id,
    src: { ip: '10.0.0.1', port },
    dst: { ip: '10.0.0.9', port: 9000 },
    payload: new TextEncoder().encode('toc\n'),
  });
  const sentBy = (node: string, port: number, t: number): TraceEvent => ({
    type: 'sent',
    t,
    node,
    packet: pkt(t, port),
  });
  const arrived = (port: number, t: number): TraceEvent => ({
    type: 'delivered',
    t,
    node: 'server',
    packet: pkt(t, port),
    socket: pkt(t, port).dst,
  });
  const toc = [
    { from: 'bob', text: 'toc' },
    { from: 'alice', text: 'toc' },
  ];
  it.each([
    [
      'in order (a capture)',
      [sentBy('bob', 58888, 1), arrived(58888, 2), sentBy('alice', 53333, 3), arrived(53333, 4)],
    ],
    [
      "the Server reports Alice's before she reports sending it (live)",
      [sentBy('bob', 58888, 1), arrived(58888, 2), arrived(53333, 3), sentBy('alice', 53333, 4)],
    ],
  ])('%s: each toc is matched to its own arrival', (_name, real) => {
    const fates = diffRuns([], real, toc, true).map((d) => d.real);
    expect(fates).toEqual([
      { kind: 'delivered', node: 'server', fromPort: 58888 },
      { kind: 'delivered', node: 'server', fromPort: 53333 },
    ]);
  });
});
