/**
 * The seed walkthrough exactly as typed, with OpenBSD nc: in the model, the scenario's own
 * commands run by ScenarioRun (its nc, ss and ^C); on the kernel, the same commands as real nc
 * processes in the namespaces (`-q 0` standing for the ^C after each send, since nothing answers
 * those sockets in between). Both runs yield what the server's `ss -unp` showed of Bob and Alice,
 * whether "soy Bob" and "soy Alice" reached the other's `nc -klu`, and the routers' conntrack.
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import { ScenarioRun } from '../../src/model/scenario-run.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { PUNCH_GOALS } from '../../src/model/scenarios/walkthrough.ts';
import { ADDRESSES } from '../netns/plan.ts';
import type { ProcessHandle } from '../netns/process.ts';
import type { Topology } from '../netns/topology.ts';
import type { CaseRouters, RouterId } from './case.ts';
import { verifyTopology } from './model-nat.ts';
import type { RawDatagram, RawFlow, RawObservation } from './observation.ts';
import { rawFlow } from './observation.ts';

type Actor = 'server' | 'alice' | 'bob';
type Step =
  | {
      readonly actor: Actor;
      readonly kind: 'listen';
      readonly port: number;
      readonly keep: boolean;
    }
  | { readonly actor: 'server'; readonly kind: 'ss'; readonly of: 'bob' | 'alice' }
  | {
      readonly actor: 'alice' | 'bob';
      readonly kind: 'send';
      readonly id: string | undefined;
      readonly text: string;
      readonly port: number;
      readonly to: 'server' | 'bob' | 'alice';
    };

const SERVER_PORT = 9000;
const send = (actor: 'alice' | 'bob', id: string | undefined, text: string, to: Step['actor']) =>
  ({ actor, kind: 'send', id, text, port: actor === 'bob' ? 58888 : 53333, to }) as const;

/** The walkthrough (DESIGN.md), step by step, one second apart in the model. */
const STEPS: readonly Step[] = [
  { actor: 'server', kind: 'listen', port: SERVER_PORT, keep: false },
  send('bob', 'bob-toc', 'toc', 'server'),
  { actor: 'server', kind: 'ss', of: 'bob' },
  { actor: 'server', kind: 'listen', port: SERVER_PORT, keep: false },
  send('alice', 'alice-toc', 'toc', 'server'),
  { actor: 'server', kind: 'ss', of: 'alice' },
  send('alice', undefined, 'upd hole', 'bob'),
  { actor: 'alice', kind: 'listen', port: 53333, keep: true },
  send('bob', 'soy-bob', 'soy Bob', 'alice'),
  send('bob', undefined, 'upd hole', 'alice'),
  { actor: 'bob', kind: 'listen', port: 58888, keep: true },
  send('alice', 'soy-alice', 'soy Alice', 'bob'),
];

/** The datagrams compared: the two registrations (what ss showed) and the two replies. */
const FROM: Readonly<Record<string, string>> = {
  'bob-toc': 'bob@bob:58888',
  'alice-toc': 'alice@alice:53333',
  'soy-bob': 'bob@bob:58888',
  'soy-alice': 'alice@alice:53333',
};

const target = (to: Step['actor']): string =>
  to === 'server'
    ? `${ADDRESSES.serverPrimary} ${SERVER_PORT}`
    : `\${server.saw.${to}.ip} \${server.saw.${to}.port}`;

/** The model's run of the walkthrough behind `routers`. */
export function ncInModel(routers: CaseRouters, seed = 1): RawObservation {
  const scenario: Scenario = {
    id: 'verify-nc-walkthrough',
    title: { en: 'The netcat walkthrough', es: 'El recorrido con netcat' },
    summary: { en: 'verify', es: 'verify' },
    seed,
    topology: verifyTopology(routers),
    actors: ['server', 'alice', 'bob'],
    steps: STEPS.map((s, i) => ({
      at: i * 1000,
      actor: s.actor,
      run:
        s.kind === 'listen'
          ? `nc ${s.keep ? '-klu' : '-lu'} ${s.port}`
          : s.kind === 'ss'
            ? 'ss -unp'
            : `echo "${s.text}" | nc -p ${s.port} -u ${target(s.to)}`,
    })),
    goals: PUNCH_GOALS,
  };
  const run = new ScenarioRun(scenario);
  run.runToEnd();
  const o = run.observations;
  const saw = (who: 'bob' | 'alice'): Endpoint | undefined => {
    const ip = o[`server.saw.${who}.ip`];
    const port = o[`server.saw.${who}.port`];
    return ip && port ? { ip, port: Number(port) } : undefined;
  };
  const reached = (goal: string): boolean =>
    run.outcomes().some((g) => g.goal.id === goal && g.reached);
  const flows = {} as Record<RouterId, RawFlow[]>;
  for (const view of run.nats())
    flows[view.node as RouterId] = view.flows.map((f) => ({
      original: f.original,
      reply: f.reply,
      unreplied: !f.replied,
    }));
  return observation(
    saw('bob'),
    saw('alice'),
    reached('alice-hears-bob'),
    reached('bob-hears-alice'),
    flows,
  );
}

/** The kernel's run of the walkthrough with real nc; the routers are configured and flushed. */
export async function ncInLab(t: Topology): Promise<RawObservation> {
  const running = new Map<Actor, ProcessHandle>();
  const stop = async (actor: Actor): Promise<void> => {
    await running.get(actor)?.kill(300);
    running.delete(actor);
  };
  const seen: Partial<Record<'bob' | 'alice', Endpoint>> = {};
  const heard = { alice: false, bob: false };
  try {
    for (const s of STEPS) {
      if (s.kind !== 'ss') await stop(s.actor); // the ^C before the actor's next nc
      if (s.kind === 'listen') {
        const h = await t.start(s.actor, ['nc', s.keep ? '-klu' : '-lu', String(s.port)]);
        running.set(s.actor, h);
        await t.waitForUdpSocket(s.actor, { ip: '0.0.0.0', port: s.port });
      } else if (s.kind === 'ss') {
        const sock = (await t.udpSockets('server')).find((x) => x.local.port === SERVER_PORT);
        if (sock?.peer) seen[s.of] = sock.peer;
      } else {
        const to =
          s.to === 'server' ? { ip: ADDRESSES.serverPrimary, port: SERVER_PORT } : seen[s.to];
        if (!to) continue;
        const argv = ['nc', '-q', '0', '-p', String(s.port), '-u', to.ip, String(to.port)];
        await t.exec(s.actor, argv, { input: `${s.text}\n`, timeoutMs: 3_000 });
        const listener = running.get(s.to === 'server' ? 'server' : s.to);
        const arrived = await listener?.waitFor(s.text, 300).then(
          () => true,
          () => false,
        );
        if (s.id === 'soy-bob') heard.alice = arrived === true;
        if (s.id === 'soy-alice') heard.bob = arrived === true;
      }
    }
    const flows = {} as Record<RouterId, RawFlow[]>;
    flows['alice-nat'] = (await t.conntrack('aliceNat')).map(rawFlow);
    flows['bob-nat'] = (await t.conntrack('bobNat')).map(rawFlow);
    return observation(seen.bob, seen.alice, heard.alice, heard.bob, flows);
  } finally {
    for (const actor of [...running.keys()]) await stop(actor);
  }
}

function observation(
  sawBob: Endpoint | undefined,
  sawAlice: Endpoint | undefined,
  aliceHeard: boolean,
  bobHeard: boolean,
  flows: Record<RouterId, RawFlow[]>,
): RawObservation {
  const server = { ip: ADDRESSES.serverPrimary, port: SERVER_PORT };
  const registration = (id: string, saw: Endpoint | undefined): RawDatagram => ({
    id,
    from: FROM[id] as string,
    to: server,
    fate: saw ? { kind: 'delivered' } : { kind: 'dropped', at: '-' },
    ...(saw && { seenAs: saw }),
  });
  const reply = (id: string, to: Endpoint | undefined, heard: boolean): RawDatagram =>
    to
      ? {
          id,
          from: FROM[id] as string,
          to,
          fate: heard ? { kind: 'delivered' } : { kind: 'dropped', at: '-' },
        }
      : { id, from: FROM[id] as string, fate: { kind: 'skipped', why: 'the server saw nobody' } };
  return {
    datagrams: [
      registration('bob-toc', sawBob),
      registration('alice-toc', sawAlice),
      reply('soy-bob', sawAlice, aliceHeard),
      reply('soy-alice', sawBob, bobHeard),
    ],
    tables: [{ label: 'end', flows }],
  };
}
