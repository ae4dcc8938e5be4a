/**
 * A real lab run redrawn for the simulator's views: the hops between sender and receiver along
 * the topology, the NAT rewrite where the receiver saw another source than the sender sent from,
 * the mapping that implies (created, refreshed, used inbound, expired after Linux's 30 s), and
 * the datagrams the lab saw only one end of. The addresses are the lab's netns plan's (Alice
 * 192.168.1.10 behind 192.0.2.113, Bob 192.168.2.20 behind 198.51.100.24, Server 203.0.113.162).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LabRun } from '../../src/app/lab-run.ts';
import { RealTimeline } from '../../src/app/real-timeline.ts';
import { walkthroughTopology } from '../../src/model/scenarios/index.ts';
import type { TraceEvent } from '../../src/model/trace.ts';
import { parseLabRun } from '../../src/protocol/lab-run.ts';

const enc = new TextEncoder();
const ep = (s: string) => {
  const [ip, port] = s.split(':');
  return { ip: ip as string, port: Number(port) };
};
let ids = 0;
const sent = (t: number, node: string, src: string, dst: string, text: string): TraceEvent => ({
  type: 'sent',
  t,
  node,
  packet: { id: ++ids, src: ep(src), dst: ep(dst), payload: enc.encode(`${text}\n`) },
});
const got = (t: number, node: string, src: string, dst: string, text: string): TraceEvent => ({
  type: 'delivered',
  t,
  node,
  packet: { id: ++ids, src: ep(src), dst: ep(dst), payload: enc.encode(`${text}\n`) },
  socket: ep(dst),
});
const topology = walkthroughTopology('port-restricted-cone', 'port-restricted-cone');
const draw = (trace: TraceEvent[]) =>
  new RealTimeline({ setup: { scenario: 'walkthrough' }, topology, trace }, [
    'bob',
    'server',
    'alice',
  ]);
const types = (tl: RealTimeline) =>
  tl.events.map((e) =>
    'node' in e ? `${e.type}@${e.node}` : e.type === 'forwarded' ? `${e.from}>${e.to}` : e.type,
  );

describe('RealTimeline', () => {
  it.each([
    [
      'through the sender’s NAT to the Server: a rewrite and the mapping it implies',
      [
        sent(10, 'alice', '192.168.1.10:53333', '203.0.113.162:9000', 'toc'),
        got(12, 'server', '192.0.2.113:53333', '203.0.113.162:9000', 'toc'),
      ],
      [
        'sent@alice',
        'alice>alice-nat',
        'mapping-created@alice-nat',
        'flow-created@alice-nat',
        'translated@alice-nat',
        'alice-nat>server',
        'delivered@server',
      ],
    ],
    [
      'on loopback (no address changes): hops only, no NAT rewrite',
      [
        sent(10, 'bob', '127.0.0.1:58888', '127.0.0.1:53333', 'soy Bob'),
        got(11, 'alice', '127.0.0.1:58888', '0.0.0.0:53333', 'soy Bob'),
      ],
      ['sent@bob', 'bob>bob-nat', 'bob-nat>alice-nat', 'alice-nat>alice', 'delivered@alice'],
    ],
    [
      'refused by the host it reached (a capture reports it there): it travels, then is dropped',
      [
        sent(10, 'bob', '192.168.2.20:58888', '192.0.2.113:53333', 'soy Bob'),
        {
          type: 'dropped',
          t: 11,
          node: 'alice',
          packet: {
            id: 9,
            src: ep('198.51.100.24:58888'),
            dst: ep('192.168.1.10:53333'),
            payload: enc.encode('soy Bob\n'),
          },
          reason: 'port-unreachable',
          detail: 'ICMP port unreachable',
        } as TraceEvent,
      ],
      [
        'sent@bob',
        'bob>bob-nat',
        'mapping-created@bob-nat',
        'flow-created@bob-nat',
        'translated@bob-nat',
        'bob-nat>alice-nat',
        'alice-nat>alice',
        'dropped@alice',
      ],
    ],
    [
      'a datagram never seen arriving: only its send',
      [sent(10, 'alice', '192.168.1.10:53333', '198.51.100.24:58888', 'upd hole')],
      ['sent@alice'],
    ],
  ])('%s', (_name, trace, want) => {
    expect(types(draw(trace))).toEqual(want);
  });

  it('keeps the mapping in the NAT table, used again inbound through the hole, and expires it after 30 s', () => {
    const tl = draw([
      sent(0, 'alice', '192.168.1.10:53333', '198.51.100.24:58888', 'upd hole'),
      got(1, 'bob', '192.0.2.113:53333', '192.168.2.20:58888', 'upd hole'),
      sent(2, 'bob', '192.168.2.20:58888', '192.0.2.113:53333', 'soy Bob'),
      got(3, 'alice', '198.51.100.24:58888', '192.168.1.10:53333', 'soy Bob'),
      sent(40_000, 'bob', '192.168.2.20:58888', '192.0.2.113:53333', 'tarde'),
    ]);
    const alice = (i: number) => tl.frame(i).nats.find((n) => n.node === 'alice-nat');
    const soyBob = tl.events.findIndex((e) => e.type === 'delivered' && e.node === 'alice') + 1;
    const b = alice(soyBob)?.bindings[0];
    expect(b?.internal).toEqual(ep('192.168.1.10:53333'));
    expect(b?.external).toEqual(ep('192.0.2.113:53333'));
    // Bob's answer came back through it: an inbound rewrite to Alice's own address.
    const inbound = tl.events.find((e) => e.type === 'translated' && e.direction === 'inbound');
    expect(inbound).toMatchObject({ node: 'alice-nat', after: { dst: ep('192.168.1.10:53333') } });
    expect(alice(soyBob)?.flows[0]?.replied).toBe(true);
    // 40 s later Bob's mapping (never answered) is gone; Alice's (answered) lives 120 s.
    const last = tl.frame(tl.total);
    expect(last.nats.find((n) => n.node === 'bob-nat')?.bindings).toEqual([]);
    expect(last.nats.find((n) => n.node === 'alice-nat')?.bindings).toHaveLength(1);
    expect(tl.events.some((e) => e.type === 'mapping-expired' && e.node === 'bob-nat')).toBe(true);
  });

  it('gives each real datagram its own packet id (the lab numbers packets per machine)', () => {
    const tl = draw([
      sent(0, 'alice', '127.0.0.1:53333', '127.0.0.1:58888', 'upd hole'),
      sent(1, 'bob', '127.0.0.1:58888', '127.0.0.1:53333', 'soy Bob'),
      got(2, 'alice', '127.0.0.1:58888', '0.0.0.0:53333', 'soy Bob'),
    ]);
    expect([...tl.packetOf.values()]).toEqual([1, 2, 2]);
    expect(tl.indexOf.at(-1)).toBe(tl.total);
    expect(tl.packetHistory(2, tl.total).map((h) => h.event.type)).toEqual([
      'sent',
      'forwarded',
      'forwarded',
      'forwarded',
      'delivered',
    ]);
  });

  it('draws a saved run from the real lab (loopback) with its terminals', () => {
    const text = readFileSync(
      resolve(import.meta.dirname, '../e2e/fixtures/lab-run-punch-loopback.json'),
      'utf8',
    );
    const parsed = parseLabRun(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const run = LabRun.fromFile(parsed.run);
    const tl = new RealTimeline(run, ['bob', 'alice']);
    expect(tl.terminal('alice', tl.total).map((l) => l.text)).toContain('soy Bob');
    expect(tl.events.filter((e) => e.type === 'delivered')).toHaveLength(1);
    expect(tl.frame(tl.total).nats.every((n) => n.bindings.length === 0)).toBe(true);
  });

  it('draws a live run as it grows the same as the whole run at once', () => {
    const all = [
      sent(0, 'alice', '192.168.1.10:53333', '198.51.100.24:58888', 'upd hole'),
      got(1, 'bob', '192.0.2.113:53333', '192.168.2.20:58888', 'upd hole'),
      sent(2, 'bob', '192.168.2.20:58888', '192.0.2.113:53333', 'soy Bob'),
      got(3, 'alice', '198.51.100.24:58888', '192.168.1.10:53333', 'soy Bob'),
      sent(40_000, 'bob', '192.168.2.20:58888', '192.0.2.113:53333', 'tarde'),
    ];
    const grow: TraceEvent[] = [];
    const live = new RealTimeline({ setup: { scenario: 'walkthrough' }, topology, trace: grow }, [
      'bob',
      'alice',
    ]);
    for (const e of all) {
      grow.push(e);
      live.sync();
    }
    const whole = draw(all);
    expect(live.events).toEqual(whole.events);
    expect(live.frame(live.total)).toEqual(whole.frame(whole.total));
    expect(live.marks.packets).toEqual(whole.marks.packets);
  });

  it('draws a run through the netns lab’s real NATs with OpenBSD nc (it prints only the text)', () => {
    // Recorded with `agujero netns up --alice port-restricted-cone --bob port-restricted-cone
    // --live`: Alice's "upd hole" dies at Bob's NAT; "soy Bob" comes back through Alice's hole,
    // and Alice's receipt reached the hub before Bob's send did.
    const text = readFileSync(
      resolve(import.meta.dirname, '../e2e/fixtures/lab-run-punch-netns.json'),
      'utf8',
    );
    const parsed = parseLabRun(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const run = LabRun.fromFile(parsed.run);
    const kinds = run.trace.map((e) => (e.type === 'observed' ? e.kind : e.type));
    expect(kinds.indexOf('received')).toBeLessThan(kinds.lastIndexOf('sent'));
    const tl = new RealTimeline(run, ['bob', 'alice']);
    const got = tl.events.filter((e) => e.type === 'delivered');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ node: 'alice', packet: { dst: ep('192.168.1.10:53333') } });
    // The hole: Alice's mapping, inferred from her earlier send from 53333 and Bob's datagram
    // reaching her through 192.0.2.113:53333; used inbound and answered.
    const alice = tl.frame(tl.total).nats.find((n) => n.node === 'alice-nat');
    expect(alice?.bindings).toMatchObject([
      {
        internal: ep('192.168.1.10:53333'),
        external: ep('192.0.2.113:53333'),
        remotes: [ep('198.51.100.24:58888')],
      },
    ]);
    expect(tl.events.some((e) => e.type === 'translated' && e.direction === 'inbound')).toBe(true);
    // Bob's NAT rewrote nothing visible: nc did not say which port the datagram came from.
    expect(tl.frame(tl.total).nats.find((n) => n.node === 'bob-nat')?.bindings).toEqual([]);
  });

  it('gives each arrival of a text sent again its own send (by time), and an arrival reported twice one drawing', () => {
    const tl = draw([
      sent(0, 'alice', '127.0.0.1:53333', '127.0.0.1:58888', 'ka'),
      sent(10, 'alice', '127.0.0.1:53333', '127.0.0.1:58888', 'ka'),
      got(5, 'bob', '127.0.0.1:53333', '0.0.0.0:58888', 'ka'),
      got(15, 'bob', '127.0.0.1:53333', '0.0.0.0:58888', 'ka'),
      { type: 'observed', t: 15, node: 'bob', kind: 'received', text: 'ka' } as never,
    ]);
    const deliveries = tl.events.flatMap((e) => (e.type === 'delivered' ? [e.packet.id] : []));
    expect(deliveries).toEqual([1, 2]);
  });
});
