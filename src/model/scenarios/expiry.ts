/**
 * Holes close: Alice punches toward Bob, then waits longer than her NAT's mapping lifetime
 * (120 s for the generic presets) before Bob answers. Without a keepalive the mapping has
 * expired and Bob's reply is filtered; re-sending the punch every 20 s holds it open.
 */
import type { Scenario } from '../scenario.ts';
import { PUNCH_GOALS, rendezvousSteps, walkthroughScenario } from './walkthrough.ts';
import { SEED } from './addresses.ts';

/** When Bob finally answers, in ms: past a 120 s lifetime counted from the punch at 6 s. */
export const LATE_REPLY_AT = 136_000;
/** Keepalive period, well under the lifetime. */
export const KEEPALIVE_EVERY = 20_000;

/** The late reply, with or without Alice's keepalive. */
export function expiryScenario(keepalive: boolean): Scenario {
  const base = walkthroughScenario('full-cone', 'restricted-cone');
  const bob = '${server.saw.bob.ip} ${server.saw.bob.port}';
  const alice = '${server.saw.alice.ip} ${server.saw.alice.port}';
  return {
    ...base,
    id: keepalive ? 'hole-keepalive' : 'hole-expiry',
    title: keepalive
      ? { en: 'A keepalive holds the hole open', es: 'Un keepalive mantiene abierto el agujero' }
      : { en: 'An unused hole closes', es: 'Un agujero sin uso se cierra' },
    summary: keepalive
      ? {
          en: 'Alice punches at 6 s and re-sends the punch every 20 s, well inside the 120 s lifetime, so the mapping is still open when Bob answers at 136 s.',
          es: 'Alice abre el agujero a los 6 s y repite el envío cada 20 s, muy por debajo de la vida de 120 s, así que el mapeo sigue abierto cuando Bob contesta a los 136 s.',
        }
      : {
          en: 'Alice punches at 6 s and then stays silent; her mapping lives 120 s, so when Bob answers at 136 s the hole has closed and his reply is filtered.',
          es: 'Alice abre el agujero a los 6 s y luego calla; su mapeo vive 120 s, así que cuando Bob contesta a los 136 s el agujero ya se cerró y su respuesta se filtra.',
        },
    steps: [
      ...rendezvousSteps(SEED.bobPort, SEED.alicePort),
      {
        at: 6000,
        actor: 'alice',
        run: `echo "upd hole" | nc -p ${SEED.alicePort} -u ${bob}`,
        ...(keepalive ? { every: KEEPALIVE_EVERY, times: 7 } : {}),
      },
      { at: LATE_REPLY_AT - 6000, actor: 'alice', run: `nc -klu ${SEED.alicePort}` },
      {
        at: LATE_REPLY_AT,
        actor: 'bob',
        run: `echo "soy Bob" | nc -p ${SEED.bobPort} -u ${alice}`,
      },
    ],
    goals: PUNCH_GOALS.filter((g) => g.id === 'alice-hears-bob'),
    endAt: LATE_REPLY_AT + 5000,
  };
}

/**
 * The keepalive scenario stretched: `times` keepalives one a second (about 9 trace events each),
 * the reply still at LATE_REPLY_AT; for long-run tests and benchmarks.
 */
export function longKeepaliveScenario(times: number): Scenario {
  const base = expiryScenario(true);
  return {
    ...base,
    steps: base.steps.map((s) => (s.every ? { ...s, every: 1000, times } : s)),
    endAt: undefined,
  };
}
