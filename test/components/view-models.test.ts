// The simulator's pure view models, in Node: recorded timelines against the model's own restore,
// packets on stage, layout, narration, the packet inspector (text and STUN), the scenario catalog
// and the string tables (the URL state: test/app/url-state.test.ts).
import { describe, expect, it } from 'vitest';
import { PRESET_IDS, ScenarioRun, scenarioById, textPayload } from '../../src/model/index.ts';
import type { Packet } from '../../src/model/index.ts';
import { encodeMessage, unwrap } from '../../src/model/stun/index.ts';
import { buildScenario, commandsFor, SCENARIO_IDS, variantId } from '../../src/app/catalog.ts';
import { inspectPacket } from '../../src/app/inspect.ts';
import { narrate, nodeName } from '../../src/app/narrate.ts';
import { packetsAt } from '../../src/app/packets.ts';
import { Timeline } from '../../src/app/timeline.ts';
import { scenarioOptions, scenarioTitle } from '../../src/app/titles.ts';
import { en } from '../../src/i18n/en.ts';
import { es } from '../../src/i18n/es.ts';
import { t } from '../../src/i18n/index.ts';

describe('Timeline', () => {
  for (const id of ['walkthrough', 'linux-clash', 'hole-keepalive', 'cgnat-hairpin']) {
    it(`${id}: every frame equals ScenarioRun.restore at that index`, () => {
      const s = scenarioById(id);
      const tl = Timeline.record(s);
      expect(tl.total).toBe(new ScenarioRun(s).runToEnd().length);
      for (let i = 0; i <= tl.total; i += Math.max(1, Math.floor(tl.total / 17))) {
        const run = ScenarioRun.restore(s, {}, i);
        const f = tl.frame(i);
        expect(f.nats).toEqual(run.nats());
        expect(f.outcomes).toEqual(run.outcomes());
        for (const a of s.actors)
          expect(tl.terminal(a, i).map(({ index: _i, ...line }) => line)).toEqual(run.terminal(a));
      }
    });
  }

  it('clamps indices and lists the command events', () => {
    const tl = Timeline.record(scenarioById('walkthrough'));
    expect(tl.frame(-5).index).toBe(0);
    expect(tl.frame(10_000).index).toBe(tl.total);
    expect(tl.commandIndices()).toHaveLength(12);
    expect(tl.packetHistory(1, tl.total).map((h) => h.event.type)).toEqual([
      'sent',
      'forwarded',
      'translated',
      'forwarded',
      'delivered',
    ]);
  });
});

describe('packets on stage', () => {
  const events = Timeline.record(scenarioById('walkthrough')).events;

  it('follows packet #1 from Bob through his NAT to the server', () => {
    expect(packetsAt(events, 3)).toMatchObject([{ id: 1, status: 'sent', from: 'bob', to: 'bob' }]);
    expect(packetsAt(events, 4)).toMatchObject([
      { id: 1, status: 'flying', from: 'bob', to: 'bob-nat' },
    ]);
    const translated = packetsAt(events, 7)[0];
    expect(translated?.status).toBe('translated');
    expect(translated?.before?.src).toEqual({ ip: '192.168.1.10', port: 58888 });
    expect(translated?.packet.src).toEqual({ ip: '54.93.229.24', port: 58888 });
    expect(packetsAt(events, 9)).toMatchObject([
      { id: 1, status: 'delivered', to: 'server', origin: 'bob' },
    ]);
  });

  it('keeps a dropped packet on stage until a newer packet is sent', () => {
    const drop = events.findIndex((e) => e.type === 'dropped') + 1;
    expect(packetsAt(events, drop)).toMatchObject([{ id: 3, status: 'dropped' }]);
    expect(packetsAt(events, drop + 4).map((p) => p.id)).toEqual([3]);
    const nextSent = events.findIndex((e, i) => i >= drop && e.type === 'sent') + 1;
    expect(packetsAt(events, nextSent + 3).map((p) => p.id)).toEqual([4]);
  });

  it('is empty before anything is sent', () => {
    expect(packetsAt(events, 0)).toEqual([]);
    expect(packetsAt(events, 2)).toEqual([]);
  });
});

describe('narration', () => {
  const events = Timeline.record(scenarioById('walkthrough')).events;
  it('names nodes in both languages', () => {
    expect(nodeName('es', 'bob-nat')).toBe('NAT de Bob');
    expect(nodeName('en', 'alice-nat')).toBe("Alice's NAT");
    expect(nodeName('es', 'server')).toBe('Servidor');
    expect(nodeName('en', 'cgnat')).toBe('CGNAT');
  });

  it('says what every event did, with addresses in the detail', () => {
    const tr = events.find((e) => e.type === 'translated');
    expect(tr && narrate('en', tr)).toEqual({
      title: "Bob's NAT rewrites the source of #1",
      detail: '192.168.1.10:58888 ⇒ 54.93.229.24:58888 → 54.93.249.162:9000',
      tone: 'nat',
    });
    const drop = events.find((e) => e.type === 'dropped');
    expect(drop && narrate('es', drop).title).toContain('Bob descarta el paquete #3');
    for (const e of events)
      for (const lang of ['es', 'en'] as const) expect(narrate(lang, e).title).not.toBe('');
  });
});

describe('packet inspector', () => {
  const packet = (payload: Uint8Array): Packet => ({
    id: 9,
    src: { ip: '54.93.229.24', port: 59999 },
    dst: { ip: '54.93.249.162', port: 3478 },
    payload,
  });

  it('shows IPv4 and UDP headers and a hex dump for any payload', () => {
    const info = inspectPacket(packet(textPayload('toc\n')));
    expect(info.ip.map((f) => [f.label, f.value])).toEqual([
      ['protocol', 'UDP (17)'],
      ['totalLength', '32'],
      ['srcAddr', '54.93.229.24'],
      ['dstAddr', '54.93.249.162'],
    ]);
    expect(info.udp.find((f) => f.label === 'udpLength')?.value).toBe('12');
    expect(info.dump).toEqual([{ offset: '0000', hex: '74 6f 63 0a', ascii: 'toc.' }]);
    expect(info.stun).toBeUndefined();
  });

  it("decodes STUN payloads with the codec's annotations", () => {
    const bytes = unwrap(
      encodeMessage({
        class: 'success',
        method: 1,
        transactionId: new Uint8Array(12).fill(7),
        attributes: [
          {
            kind: 'xor-mapped-address',
            address: { family: 'ipv4', ip: '54.93.229.24', port: 59999 },
          },
        ],
      }),
    );
    const info = inspectPacket(packet(bytes));
    expect(info.stun?.ok).toBe(true);
    if (info.stun?.ok) {
      expect(info.stun.summary).toContain('RFC 5389/8489');
      const labels = info.stun.rows.map((r) => r.label);
      expect(labels).toEqual(
        expect.arrayContaining([
          'Message Type',
          'Magic Cookie',
          'Transaction ID',
          'XOR-MAPPED-ADDRESS',
        ]),
      );
      expect(info.stun.rows.some((r) => r.text.includes('54.93.229.24:59999'))).toBe(true);
    }
  });
});

describe('scenario catalog', () => {
  it('builds and runs every scenario the picker offers, with titles in both languages', () => {
    for (const id of SCENARIO_IDS) {
      const s = buildScenario(id, { 'bob-nat': 'symmetric', 'alice-nat': 'symmetric' });
      expect(new ScenarioRun(s, { commands: commandsFor(id) }).runToEnd().length).toBeGreaterThan(
        10,
      );
    }
    for (const lang of ['es', 'en'] as const)
      expect(new Set(scenarioOptions(lang).map((o) => o.title)).size).toBe(SCENARIO_IDS.length);
  });

  it('gives every scenario a description of its own, in both languages', () => {
    for (const lang of ['es', 'en'] as const) {
      const summaries = SCENARIO_IDS.map(
        (id) => scenarioTitle(lang, id, buildScenario(id)).summary,
      );
      for (const [k, text] of summaries.entries()) expect(text, SCENARIO_IDS[k]).not.toBe('');
      expect(new Set(summaries).size).toBe(SCENARIO_IDS.length);
    }
  });

  it("maps a matrix cell's working procedure to a scenario id", () => {
    expect(variantId('seed-order', false)).toBe('walkthrough');
    expect(variantId('seed-order', true)).toBe('walkthrough-seed-order-predicted');
    expect(variantId('simultaneous', false)).toBe('walkthrough-simultaneous');
    expect(PRESET_IDS.length).toBe(9);
  });
});

describe('strings', () => {
  it('Spanish and English fill the same keys, none empty', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const v of [...Object.values(es), ...Object.values(en)]) expect(v.trim()).not.toBe('');
  });
  it('substitutes parameters and leaves unknown ones visible', () => {
    expect(t('en', 'stepOf', { index: 3, total: 74 })).toBe('event 3 of 74');
    expect(t('es', 'stepOf', { index: 3 })).toBe('evento 3 de {total}');
  });
});
