/**
 * When punching cannot work (both peers behind symmetric NATs), relay: a TURN server on the
 * internet gives each peer a relayed address; each lets the other's public IP in
 * (CreatePermission) and writes to the other's relayed address, which the relay hands over as a
 * Data indication through the NAT mapping the peer's own client keeps open.
 *
 *                              internet
 *        ┌──────────────┬──────────────┬───────────────┐
 *     bob-nat         server          relay         alice-nat
 *   54.93.229.24   54.93.249.162   54.93.249.170   82.230.120.113
 *        │                        (turnserver)           │
 *       bob                                            alice
 *
 *   bob ──"soy Bob"──► 54.93.249.170:<alice's relayed port> ──Data indication──► alice
 */
import type { Goal, Scenario } from '../scenario.ts';
import type { NatSpec, TopologySpec } from '../topology.ts';
import { SEED, walkthroughTopology } from './addresses.ts';

/** The relay's address, beside the walkthrough's server. */
export const RELAY_IP = '54.93.249.170';

/** The relay scenario's id. */
export const RELAY_SCENARIO = 'relay';

/** Goals: each peer's words reach the other through the relay. */
export const RELAY_GOALS: readonly Goal[] = [
  {
    id: 'alice-hears-bob',
    actor: 'alice',
    text: 'soy Bob',
    label: {
      en: "Bob's words reach Alice through her relayed address",
      es: 'Las palabras de Bob llegan a Alice por su dirección retransmitida',
    },
  },
  {
    id: 'bob-hears-alice',
    actor: 'bob',
    text: 'soy Alice',
    label: {
      en: "Alice's words reach Bob through his relayed address",
      es: 'Las palabras de Alice llegan a Bob por su dirección retransmitida',
    },
  },
];

/** The walkthrough's topology without its nc server, with the relay on the internet. */
export function relayTopology(bob: NatSpec, alice: NatSpec): TopologySpec {
  const base = walkthroughTopology(bob, alice);
  return {
    ...base,
    nodes: [
      { kind: 'host', id: 'relay', ip: RELAY_IP, parent: 'internet' },
      ...base.nodes.filter((n) => n.id !== 'server'),
    ],
  };
}

/** Both peers behind symmetric NATs (the matrix's "needs a relay" case) unless told otherwise. */
export function relayScenario(bob: NatSpec = 'symmetric', alice: NatSpec = 'symmetric'): Scenario {
  const turn = `turn -H ${RELAY_IP}`;
  return {
    id: RELAY_SCENARIO,
    title: { en: 'Relay through a TURN server', es: 'Retransmitir por un servidor TURN' },
    summary: {
      en: 'Both NATs are symmetric, so no hole can be aimed at. Each peer gets a relayed address from a TURN server, lets the other peer in, and writes to the other’s relayed address.',
      es: 'Los dos NAT son simétricos, así que no hay agujero al que apuntar. Cada par obtiene una dirección retransmitida de un servidor TURN, deja entrar al otro y escribe a la dirección retransmitida del otro.',
    },
    seed: 4787,
    topology: relayTopology(bob, alice),
    actors: ['relay', 'alice', 'bob'],
    steps: [
      {
        at: 0,
        actor: 'relay',
        run: `turnserver -L ${RELAY_IP}`,
        note: { en: 'The relay listens on 3478.', es: 'El relé escucha en 3478.' },
      },
      { at: 1000, actor: 'alice', run: `${turn} -p ${SEED.alicePort} allocate` },
      { at: 2000, actor: 'bob', run: `${turn} -p ${SEED.bobPort} allocate` },
      { at: 3000, actor: 'alice', run: 'turn permit ${bob.turn.mapped.ip}' },
      { at: 4000, actor: 'bob', run: 'turn permit ${alice.turn.mapped.ip}' },
      {
        at: 5000,
        actor: 'bob',
        run: 'echo "soy Bob" | nc -u ${alice.turn.relay.ip} ${alice.turn.relay.port}',
      },
      {
        at: 6000,
        actor: 'alice',
        run: 'echo "soy Alice" | nc -u ${bob.turn.relay.ip} ${bob.turn.relay.port}',
      },
    ],
    goals: RELAY_GOALS,
    endAt: 9000,
  };
}
