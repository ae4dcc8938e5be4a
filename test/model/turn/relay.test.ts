/**
 * The TURN relay scenario (issue 9, chapter 7): both peers behind symmetric NATs reach each other
 * through the relay, the relayed path checked hop by hop (NAT rewrites, the relayed address, the
 * Data indication with XOR-PEER-ADDRESS); without a permission the relay drops; a Send indication
 * answers through the relayed address; the server refuses what RFC 8656 refuses.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioRun, scenarioById } from '../../../src/model/index.ts';
import type { Scenario, TraceEvent } from '../../../src/model/index.ts';
import { payloadText } from '../../../src/model/packet.ts';
import { RELAY_IP, relayScenario } from '../../../src/model/scenarios/relay.ts';
import { decodeMessage } from '../../../src/model/stun/decode.ts';
import { SEED } from '../../../src/model/scenarios/addresses.ts';
import {
  TURN_ATTRIBUTE,
  parseTurn,
  readData,
  readXorAddress,
} from '../../../src/model/turn/wire.ts';

function run(s: Scenario): ScenarioRun {
  const r = new ScenarioRun(s);
  r.runToEnd();
  return r;
}

const text = (r: ScenarioRun, actor: string): string =>
  r
    .terminal(actor)
    .map((l) => l.text)
    .join('');

/** Every event about the packets `from` sent whose payload contains `needle`, in order. */
function pathOf(r: ScenarioRun, needle: string, from: string): TraceEvent[] {
  const ids = new Set(
    r.events
      .filter(
        (e) =>
          e.type === 'sent' && e.node === from && payloadText(e.packet.payload).includes(needle),
      )
      .map((e) => (e as { packet: { id: number } }).packet.id),
  );
  return r.events.filter(
    (e) =>
      ('packet' in e && ids.has(e.packet.id)) || (e.type === 'translated' && ids.has(e.after.id)),
  );
}

describe('the relay scenario', () => {
  const r = run(scenarioById('relay'));
  const vars = r.observations;

  it('reaches both goals with both NATs symmetric', () => {
    expect(r.outcomes().map((o) => [o.goal.id, o.reached])).toEqual([
      ['alice-hears-bob', true],
      ['bob-hears-alice', true],
    ]);
    expect(text(r, 'alice')).toMatch(/from 54\.93\.229\.24:\d+ via the relay: soy Bob/);
    expect(text(r, 'bob')).toMatch(/from 82\.230\.120\.113:\d+ via the relay: soy Alice/);
  });

  it('each allocation names a relayed port on the relay and the peer as the relay sees it', () => {
    expect(vars['alice.turn.relay.ip']).toBe(RELAY_IP);
    expect(vars['bob.turn.relay.ip']).toBe(RELAY_IP);
    expect(vars['alice.turn.relay.port']).not.toBe(vars['bob.turn.relay.port']);
    expect(vars['alice.turn.mapped.ip']).toBe(SEED.alicePublic);
    expect(vars['bob.turn.mapped.ip']).toBe(SEED.bobPublic);
    expect(text(r, 'relay')).toContain(
      `permission on ${RELAY_IP}:${vars['alice.turn.relay.port']} for ${SEED.bobPublic}`,
    );
  });

  it('"soy Bob" goes hop by hop: bob, his NAT, the relayed address; then relay, her NAT, alice', () => {
    const relayed = Number(vars['alice.turn.relay.port']);
    const first = pathOf(r, 'soy Bob', 'bob').filter((e) => e.type !== 'flow-created');
    const hops = first
      .filter((e) => e.type === 'forwarded')
      .map((e) => e.type === 'forwarded' && `${e.from}>${e.to}`);
    expect(hops).toEqual(['bob>bob-nat', 'bob-nat>relay']);
    const out = first.find((e) => e.type === 'translated');
    expect(out?.type === 'translated' && out.after.src.ip).toBe(SEED.bobPublic);
    const delivered = first.find((e) => e.type === 'delivered');
    expect(delivered?.type === 'delivered' && delivered.socket).toEqual({
      ip: RELAY_IP,
      port: relayed,
    });
    const bobSeen = delivered?.type === 'delivered' ? delivered.packet.src : undefined;

    // The relay's own packet: a Data indication from 3478 to Alice's mapping.
    const data = r.events.filter(
      (e) =>
        e.type === 'sent' &&
        e.node === 'relay' &&
        payloadText(e.packet.payload).includes('soy Bob'),
    );
    expect(data).toHaveLength(1);
    const sent = data[0] as Extract<TraceEvent, { type: 'sent' }>;
    expect(sent.packet.src).toEqual({ ip: RELAY_IP, port: 3478 });
    expect(sent.packet.dst).toEqual({
      ip: SEED.alicePublic,
      port: Number(vars['alice.turn.mapped.port']),
    });
    const m = parseTurn(sent.packet.payload);
    expect(m?.class).toBe('indication');
    expect(m && readXorAddress(m, TURN_ATTRIBUTE.XOR_PEER_ADDRESS)).toEqual(bobSeen);
    expect(m && payloadText(readData(m) ?? new Uint8Array())).toBe('soy Bob\n');
    // The codec's inspector decodes it too (TURN attributes kept raw, named by the registry).
    expect(decodeMessage(sent.packet.payload).ok).toBe(true);
    const second = r.events.filter((e) => 'packet' in e && e.packet.id === sent.packet.id);
    const hops2 = second
      .filter((e) => e.type === 'forwarded')
      .map((e) => e.type === 'forwarded' && `${e.from}>${e.to}`);
    expect(hops2).toEqual(['relay>alice-nat', 'alice-nat>alice']);
    const last = second.at(-1);
    expect(last?.type === 'delivered' && last.socket).toEqual({
      ip: '192.168.0.10',
      port: SEED.alicePort,
    });
  });
});

describe('what the relay refuses', () => {
  it('without a permission for Bob, the relay drops his words', () => {
    const base = relayScenario();
    const r = run({ ...base, steps: base.steps.filter((s) => !s.run.includes('permit ${bob')) });
    expect(r.outcomes()[0]?.reached).toBe(false);
    expect(text(r, 'relay')).toMatch(
      /dropped 54\.93\.229\.24:\d+ -> 54\.93\.249\.170:\d+: no permission for 54\.93\.229\.24/,
    );
  });

  it('a Send indication answers the peer from the relayed address', () => {
    const base = relayScenario();
    const steps = [
      ...base.steps.slice(0, 2),
      { at: 3000, actor: 'alice', run: `turn permit ${SEED.bobPublic}` },
      {
        at: 4000,
        actor: 'bob',
        run: 'echo "soy Bob" | nc -p 58888 -u ${alice.turn.relay.ip} ${alice.turn.relay.port}',
      },
      {
        at: 5000,
        actor: 'alice',
        run: 'echo "soy Alice" | turn send ${alice.turn.peer.ip} ${alice.turn.peer.port}',
      },
    ];
    const r = run({ ...base, steps });
    expect(r.outcomes().map((o) => o.reached)).toEqual([true, true]);
    expect(text(r, 'bob')).toContain('soy Alice');
    expect(text(r, 'relay')).toMatch(
      /relayed Send from 82\.230\.120\.113:\d+ -> 54\.93\.229\.24:\d+/,
    );
  });

  it('answers 437 to a second Allocate and refuses permit/send without an allocation', () => {
    const base = relayScenario();
    const steps = [
      base.steps[0] as Scenario['steps'][number],
      { at: 500, actor: 'bob', run: 'turn permit 1.2.3.4' },
      { at: 1000, actor: 'alice', run: `turn -H ${RELAY_IP} -p 5000 allocate` },
      { at: 2000, actor: 'alice', run: `turn -H ${RELAY_IP} -p 5000 allocate` },
    ];
    const r = run({ ...base, steps, goals: [] });
    expect(text(r, 'bob')).toContain('turn: no allocation on this host');
    expect(text(r, 'alice')).toContain('turn: an allocation already runs on this host');
  });
});
