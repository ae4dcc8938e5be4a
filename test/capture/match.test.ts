/**
 * Matching a capture to the topology by address, on the model's own exports read as foreign
 * captures (the walkthrough's 54.93.x addresses, not the namespace lab's): the roles are
 * inferred with their reasons, every packet's fate is the model's (delivered where, from which
 * ip:port; dropped at which NAT), each NAT's guess follows the evidence, Alice and Bob can be
 * swapped, and a capture of one segment alone still finds the Server and the peers' sides.
 */
import { describe, expect, it } from 'vitest';
import { captureTrace, importCapture } from '../../src/app/capture-import.ts';
import { exportScenario } from '../../src/app/pcapng-export.ts';
import {
  NAMESPACE_BOOK,
  analyseCapture,
  readCapture,
  reasonText,
} from '../../src/capture/index.ts';
import { mergeCaptures } from '../../src/capture/merge.ts';
import type { TraceEvent } from '../../src/model/trace.ts';
import { ADDRESSES } from '../../lab/netns/plan.ts';
import { parseLabRun, formatLabRun } from '../../src/protocol/lab-run.ts';

const fate = (e: TraceEvent): string[] =>
  e.type === 'delivered' || (e.type === 'dropped' && e.node.endsWith('-nat'))
    ? [
        `${e.type} ${e.node} ${e.packet.src.ip}:${e.packet.src.port}>${e.packet.dst.ip}:${e.packet.dst.port}`,
      ]
    : [];

/** The export's frames seen on interface `iface` only, as one capture. */
function oneSegment(bytes: Uint8Array, iface: number): Uint8Array {
  const c = readCapture(bytes);
  return mergeCaptures([
    {
      name: c.interfaces[iface]?.name ?? '',
      description: '',
      capture: {
        ...c,
        interfaces: [c.interfaces[iface]!],
        frames: c.frames.filter((f) => f.iface === iface),
      },
    },
  ]);
}

describe('a foreign capture (the model export) matched by address', () => {
  it.each([
    [
      'symmetric',
      'port-restricted-cone',
      { 'bob-nat': 'symmetric', 'alice-nat': 'port-restricted-cone' },
    ],
    [
      'full-cone',
      'restricted-cone',
      { 'bob-nat': 'full-cone', 'alice-nat': 'port-restricted-cone' },
    ],
    [
      'port-restricted-cone',
      'full-cone',
      { 'bob-nat': 'port-restricted-cone', 'alice-nat': 'port-restricted-cone' },
    ],
    [
      'port-restricted-cone',
      'port-restricted-cone',
      { 'bob-nat': 'port-restricted-cone', 'alice-nat': 'port-restricted-cone' },
    ],
  ] as const)('bob %s, alice %s: roles, fates, guesses %o', (bob, alice, guessed) => {
    const ex = exportScenario({
      scenario: 'walkthrough',
      nat: { 'bob-nat': bob, 'alice-nat': alice },
    });
    const imp = importCapture(ex.bytes);
    const b = imp.analysis.book;
    expect(b.source).toBe('inferred');
    expect(b.server).toEqual(['54.93.249.162']);
    expect(b.bob).toEqual({ host: 'bob', lan: ['192.168.1.10'], wan: ['54.93.229.24'] });
    expect(b.alice).toEqual({ host: 'alice', lan: ['192.168.0.10'], wan: ['82.230.120.113'] });
    expect(b.reasons.map(reasonText).join('\n')).toMatch(/bob .*58888/);
    // The export writes no ICMP: a datagram the model says its host refused (nothing listened,
    // or the socket was connected elsewhere) reads as delivered to the host's address; the
    // rest is the model's, fate for fate.
    const ours = captureTrace(imp.analysis).flatMap(fate);
    for (const e of ex.events) {
      if (e.type !== 'dropped' || e.node.endsWith('-nat')) continue;
      const as = fate({ ...e, type: 'delivered', socket: e.packet.dst })[0];
      const at = ours.indexOf(as as string);
      expect(at, as).toBeGreaterThanOrEqual(0);
      ours.splice(at, 1);
    }
    expect(ours).toEqual(ex.events.flatMap(fate));
    expect(imp.guessed).toEqual(guessed);
    expect(parseLabRun(formatLabRun(imp.file)).ok).toBe(true);
    expect(imp.file.setup).toEqual({ scenario: 'walkthrough', nat: guessed, stopAfter: 0 });
    expect(imp.file.guessed).toEqual(guessed);
  });

  it('the NATs the user picks replace the guesses in the prediction', () => {
    const ex = exportScenario({ scenario: 'walkthrough' });
    const imp = importCapture(ex.bytes, { nat: { 'bob-nat': 'symmetric' } });
    expect(imp.file.setup.nat).toEqual({
      'bob-nat': 'symmetric',
      'alice-nat': imp.guessed['alice-nat'],
    });
    const bobNat = imp.file.topology.nodes.find((n) => n.id === 'bob-nat');
    expect(bobNat?.kind === 'router' && bobNat.nat).toBe('symmetric');
  });

  it('swapping Alice and Bob exchanges their addresses and their events', () => {
    const bytes = exportScenario({ scenario: 'walkthrough' }).bytes;
    const a = analyseCapture(bytes);
    const s = analyseCapture(bytes, { swap: true });
    expect(s.book.alice.lan).toEqual(a.book.bob.lan);
    expect(s.book.bob.wan).toEqual(a.book.alice.wan);
    expect(s.journeys.map((j) => j.sender)).toEqual(
      a.journeys.map((j) =>
        j.sender === 'alice' ? 'bob' : j.sender === 'bob' ? 'alice' : j.sender,
      ),
    );
  });

  it('without the walkthrough ports, Bob is who spoke to the Server first', () => {
    // The same export with 58888 -> 41000 and 53333 -> 42000 in every UDP header.
    const c = readCapture(exportScenario({ scenario: 'walkthrough' }).bytes);
    const ports: Record<number, number> = { 58888: 41000, 53333: 42000 };
    const frames = c.frames.map((f) => {
      const data = f.data.slice();
      const v = new DataView(data.buffer);
      for (const at of [34, 36]) v.setUint16(at, ports[v.getUint16(at)] ?? v.getUint16(at));
      return { ...f, data };
    });
    const bytes = mergeCaptures(
      c.interfaces.map((i, k) => ({
        name: i.name ?? '',
        description: '',
        capture: { ...c, interfaces: [i], frames: frames.filter((f) => f.iface === k) },
      })),
    );
    const b = analyseCapture(bytes).book;
    expect(b.bob.lan).toEqual(['192.168.1.10']);
    expect(b.reasons.map(reasonText)).toContain(
      'bob 192.168.1.10, 54.93.229.24: spoke to the server first (as Bob does in the walkthrough)',
    );
  });

  it("the internet segment alone: the Server and both NATs' public addresses, no LANs", () => {
    const only = oneSegment(exportScenario({ scenario: 'walkthrough' }).bytes, 0);
    const a = analyseCapture(only);
    expect(a.book.server).toEqual(['54.93.249.162']);
    expect(a.book.bob).toEqual({ host: 'bob', lan: [], wan: ['54.93.229.24'] });
    expect(a.book.alice).toEqual({ host: 'alice', lan: [], wan: ['82.230.120.113'] });
    // Nothing can be said of what the NATs did with what came in.
    expect(a.journeys.filter((j) => j.end.kind === 'dropped')).toEqual([]);
  });

  it("the namespace lab's addresses are lab/netns/plan.ts's", () => {
    expect(NAMESPACE_BOOK.server).toEqual([ADDRESSES.serverPrimary, ADDRESSES.serverAlternate]);
    expect(NAMESPACE_BOOK.alice).toMatchObject({
      lan: [ADDRESSES.alice],
      wan: [ADDRESSES.aliceNatWan],
    });
    expect(NAMESPACE_BOOK.bob).toMatchObject({ lan: [ADDRESSES.bob], wan: [ADDRESSES.bobNatWan] });
  });
});
