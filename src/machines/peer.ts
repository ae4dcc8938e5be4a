/**
 * The peer machine: the whole hole punch of one side on an injected transport and clock. It owns
 * *when* (register, resend, punch on a bounded schedule, answer at once, keepalive, chat, give
 * up); the wire format is src/protocol/rendezvous.ts and the failure reasons peer-reasons.ts.
 *
 *   rendezvous ─seen + peer─► punching ─peer heard us─► connected ─chats done─► closing ─► done
 *   (registering, waiting)    (holding, sending)        (chatting, keepalive)
 *        └──── deadline / no server ──────┴──── deadline ──► failed (reason)
 */
import { assign, fromCallback, setup } from 'xstate';
import type { Endpoint } from '../model/endpoint.ts';
import { sameEndpoint } from '../model/endpoint.ts';
import { encodeRendezvous, parseRendezvous } from '../protocol/rendezvous.ts';
import type { RendezvousMessage } from '../protocol/rendezvous.ts';
import type { Context, PeerEvent, PeerInput, PeerOutput, Phase } from './peer-context.ts';
import { initialContext, observed, output, phaseText, timing } from './peer-context.ts';
import { diagnose } from './peer-reasons.ts';
import type { DatagramTransport } from './transport.ts';

export type { PeerInput, PeerOutput, PeerPhase, PeerTiming, Phase } from './peer-context.ts';
export { DEFAULT_TIMING } from './peer-context.ts';

const msg = (e: PeerEvent): RendezvousMessage | undefined => {
  if (e.type !== 'datagram') return undefined;
  const p = parseRendezvous(e.bytes);
  return p.ok ? p.message : undefined;
};
const fromServer = (c: Context, e: PeerEvent): boolean =>
  e.type === 'datagram' && sameEndpoint(e.from, c.input.server);
const seenOf = (c: Context, e: PeerEvent) => {
  const m = msg(e);
  return fromServer(c, e) && m?.type === 'seen' && m.name === c.input.name ? m : undefined;
};
/** A message signed by the peer (not from the server). */
const fromPeer = (c: Context, e: PeerEvent) => {
  const m = msg(e);
  if (!m || fromServer(c, e) || !('from' in m) || m.from !== c.input.peer) return undefined;
  return m;
};
const send = (c: Context, to: Endpoint, m: RendezvousMessage): void =>
  c.input.transport.send(encodeRendezvous(m), to);
const punch = (c: Context): RendezvousMessage => ({
  type: 'punch',
  from: c.input.name,
  seq: c.punchSends,
  heard: c.heardPeer,
});
const enter = (phase: Phase) => ({ type: 'enter', params: { phase } }) as const;

/** Builds the machine; `createActor(peerMachine(), { input, clock })`. */
export function peerMachine() {
  return setup({
    types: {} as { context: Context; input: PeerInput; events: PeerEvent; output: PeerOutput },
    actors: {
      listen: fromCallback<PeerEvent, DatagramTransport>(({ sendBack, input }) =>
        input.onDatagram((bytes, from) => sendBack({ type: 'datagram', bytes, from })),
      ),
    },
    delays: {
      registerWait: ({ context }) =>
        timing(context).registerRto * 2 ** Math.min(context.registerSends - 1, 3),
      reRegister: ({ context }) => timing(context).reRegisterMs,
      waitDeadline: ({ context }) =>
        Math.max(0, context.startedAt + timing(context).waitMs - context.input.now()),
      holdBack: ({ context }) => timing(context).delayMs,
      punchGap: ({ context }) =>
        Math.min(
          timing(context).punchRto * 2 ** Math.max(context.punchSends - 1, 0),
          timing(context).punchMaxGap,
        ),
      punchDeadline: ({ context }) => timing(context).punchMs,
      chatGap: ({ context }) => timing(context).chatRto,
      chatDeadline: ({ context }) => timing(context).chatMs,
      keepalive: ({ context }) => timing(context).keepaliveMs,
      linger: ({ context }) => Math.max(timing(context).lingerMs, timing(context).holdMs),
    },
    guards: {
      seenWithPeer: ({ context, event }) =>
        seenOf(context, event)?.peer?.name === context.input.peer,
      seenAlone: ({ context, event }) => {
        const m = seenOf(context, event);
        return m !== undefined && m.peer?.name !== context.input.peer;
      },
      canRegister: ({ context }) => context.registerSends < timing(context).registerTries,
      peerHeardUs: ({ context, event }) => {
        const m = fromPeer(context, event);
        // A heard punch, a chat, its receipt or a keepalive: each is sent only after hearing us.
        const proof = m !== undefined && (m.type !== 'punch' || m.heard);
        return (
          proof &&
          context.knownPeer !== undefined &&
          sameEndpoint((event as { from: Endpoint }).from, context.knownPeer.endpoint)
        );
      },
      peerPacket: ({ context, event }) => fromPeer(context, event) !== undefined,
      chatsDone: ({ context }) => context.chatAcked && context.chatIn !== undefined,
      delayed: ({ context }) => timing(context).delayMs > 0,
    },
    actions: {
      sendRegister: ({ context }) => {
        const { name, peer, server, transport } = context.input;
        send(context, server, { type: 'register', name, peer, localPort: transport.local.port });
      },
      countRegister: assign({ registerSends: ({ context }) => context.registerSends + 1 }),
      recordSeen: assign(({ context, event }) => {
        const m = seenOf(context, event)!;
        const known = m.peer?.name === context.input.peer ? m.peer : undefined;
        return {
          self: m.endpoint,
          knownPeer: context.knownPeer ?? known,
          knownAt: context.knownAt ?? (known ? context.input.now() : undefined),
        };
      }),
      sendPunch: ({ context }) => send(context, context.knownPeer!.endpoint, punch(context)),
      countPunch: assign({ punchSends: ({ context }) => context.punchSends + 1 }),
      /** Notes a packet from the peer; only the endpoint the server saw counts as heard. */
      recordPeer: assign(({ context, event }) => {
        const from = (event as { from: Endpoint }).from;
        const sources =
          context.peerSources.some((s) => sameEndpoint(s, from)) || context.peerSources.length >= 8
            ? context.peerSources
            : [...context.peerSources, from];
        const expected =
          context.knownPeer === undefined || sameEndpoint(from, context.knownPeer.endpoint);
        const now = context.input.now();
        return {
          peerSources: sources,
          heardPeer: context.heardPeer || expected,
          firstInAt: context.firstInAt ?? (expected ? now : undefined),
          lastInAt: expected ? now : context.lastInAt,
          received: context.received + 1,
        };
      }),
      /** Answers a punch at once, so the peer hears us within one round trip of our first packet. */
      answer: ({ context, event }) => {
        const m = fromPeer(context, event);
        const to = context.knownPeer?.endpoint;
        if (!to || !sameEndpoint((event as { from: Endpoint }).from, to)) return;
        if (m?.type === 'punch' && !m.heard) send(context, to, punch(context));
        if (m?.type === 'chat')
          send(context, to, { type: 'got', from: context.input.name, seq: m.seq });
      },
      recordChat: assign(({ context, event }) => {
        const m = fromPeer(context, event);
        if (m?.type === 'chat') return { chatIn: context.chatIn ?? m.text };
        if (m?.type === 'got' && m.seq === 0) return { chatAcked: true };
        return {};
      }),
      markHeard: assign({ heardAt: ({ context }) => context.heardAt ?? context.input.now() }),
      sendChat: ({ context }) => {
        if (context.chatAcked || context.chatSends >= timing(context).chatTries) return;
        const { name: from, message: text } = context.input;
        send(context, context.knownPeer!.endpoint, { type: 'chat', from, seq: 0, text });
      },
      countChat: assign({ chatSends: ({ context }) => context.chatSends + 1 }),
      sendKeepalive: ({ context }) =>
        send(context, context.knownPeer!.endpoint, { type: 'keepalive', from: context.input.name }),
      countKeepalive: assign({ keepalives: ({ context }) => context.keepalives + 1 }),
      fail: assign({
        reason: ({ context, event }) => diagnose(observed(context), event.type === 'stop'),
      }),
      enter: assign(({ context }, params: { phase: Phase }) => ({
        phases: [
          ...context.phases,
          { phase: params.phase, at: context.input.now(), text: phaseText(context, params.phase) },
        ],
      })),
      announce: ({ context }) => context.input.onPhase?.(context.phases.at(-1)!),
    },
  }).createMachine({
    id: 'peer',
    context: ({ input }) => initialContext(input),
    invoke: { src: 'listen', input: ({ context }) => context.input.transport },
    on: { stop: { target: '.failed' } },
    initial: 'rendezvous',
    states: {
      rendezvous: {
        entry: [enter('registering'), 'announce'],
        initial: 'registering',
        on: {
          datagram: [
            { guard: 'seenWithPeer', target: 'punching', actions: 'recordSeen' },
            { guard: 'seenAlone', actions: 'recordSeen' },
          ],
        },
        after: { waitDeadline: { target: 'failed' } },
        states: {
          registering: {
            entry: ['sendRegister', 'countRegister'],
            on: { datagram: { guard: 'seenAlone', target: 'waiting', actions: 'recordSeen' } },
            after: {
              registerWait: [
                { guard: 'canRegister', target: 'registering', reenter: true },
                { target: '#peer.failed' },
              ],
            },
          },
          waiting: {
            entry: [enter('waiting'), 'announce'],
            after: { reRegister: { target: 'again' } },
          },
          again: {
            entry: ['sendRegister', 'countRegister'],
            after: { reRegister: { target: 'again', reenter: true } },
          },
        },
      },
      punching: {
        entry: [enter('punching'), 'announce'],
        initial: 'start',
        on: {
          datagram: [
            {
              guard: 'peerHeardUs',
              target: 'connected',
              actions: ['recordPeer', 'answer', 'recordChat', 'markHeard'],
            },
            { guard: 'peerPacket', actions: ['recordPeer', 'answer'] },
          ],
        },
        after: { punchDeadline: { target: 'failed' } },
        states: {
          start: { always: [{ guard: 'delayed', target: 'holding' }, { target: 'sending' }] },
          holding: { after: { holdBack: { target: 'sending' } } },
          sending: {
            entry: ['sendPunch', 'countPunch'],
            after: { punchGap: { target: 'sending', reenter: true } },
          },
        },
      },
      connected: {
        entry: [enter('connected'), 'announce'],
        type: 'parallel',
        on: { datagram: { guard: 'peerPacket', actions: ['recordPeer', 'answer', 'recordChat'] } },
        states: {
          chat: {
            initial: 'talking',
            states: {
              talking: {
                initial: 'sending',
                always: { guard: 'chatsDone', target: 'closing' },
                after: { chatDeadline: { target: 'closing' } },
                states: {
                  sending: {
                    entry: ['sendChat', 'countChat'],
                    after: { chatGap: { target: 'sending', reenter: true } },
                  },
                },
              },
              closing: {
                entry: [enter('closing'), 'announce'],
                after: { linger: { target: '#peer.done' } },
              },
            },
          },
          beat: {
            initial: 'beating',
            states: {
              beating: {
                after: {
                  keepalive: {
                    target: 'beating',
                    reenter: true,
                    actions: ['sendKeepalive', 'countKeepalive'],
                  },
                },
              },
            },
          },
        },
      },
      done: { type: 'final', entry: [enter('done'), 'announce'] },
      failed: { type: 'final', entry: ['fail', enter('failed'), 'announce'] },
    },
    output: ({ context }) => output(context),
  });
}
