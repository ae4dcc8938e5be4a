/**
 * The RFC 3489 classic NAT-type test as pystun runs it, printing pystun's own strings. Test III
 * goes to the changed IP and changed port (as pystun3 fixed it); `pystunBug` reproduces the
 * original pystun, which sent it to the changed IP and the *primary* port, so that the answer
 * came from an endpoint the client had already contacted and port-restricted NATs looked
 * merely restricted.
 *
 *   Test I ── no answer ──► Blocked
 *     │ mapped == local ──► Test II (change IP+port): answer ► Open Internet | none ► Symmetric UDP Firewall
 *     ▼
 *   Test II (change IP+port) ── answer ──► Full Cone
 *     ▼ none
 *   Test I' (to changed address) ── different mapping ──► Symmetric NAT
 *     ▼ same mapping
 *   Test III (change port) ── answer ──► Restric NAT | none ► Restric Port NAT
 *
 * Test I' and Test III go together (`alongside`); Test II waits for Test I and goes alone: any
 * packet to the changed address would open the filter Test II's answer must find closed.
 */
import { sameEndpoint } from '../endpoint.ts';
import type { Endpoint } from '../endpoint.ts';
import type { PlanStep, ProbePlan } from './probe.ts';
import { plainProbe } from './probe.ts';

/** pystun's verdict strings, exactly. */
export const PYSTUN_TYPES = {
  blocked: 'Blocked',
  openInternet: 'Open Internet',
  fullCone: 'Full Cone',
  symmetricFirewall: 'Symmetric UDP Firewall',
  restricted: 'Restric NAT',
  portRestricted: 'Restric Port NAT',
  symmetric: 'Symmetric NAT',
  changedAddressError: 'Meet an error, when do Test1 on Changed IP and Port',
} as const;

/** One of pystun's verdict strings. */
export type PystunType = (typeof PYSTUN_TYPES)[keyof typeof PYSTUN_TYPES];

/** The classic verdict: pystun's type and the mapped address of Test I. */
export interface ClassicVerdict {
  readonly natType: PystunType;
  readonly external?: Endpoint | undefined;
}

/** Options of the classic test. */
export interface ClassicOptions {
  /** Send Test III to changed IP : primary port, as the original pystun did. */
  readonly pystunBug?: boolean;
}

/** Builds the RFC 3489 plan. */
export function classicPlan(options: ClassicOptions = {}): ProbePlan<ClassicVerdict> {
  return {
    name: options.pystunBug ? 'RFC 3489 (original pystun Test III)' : 'RFC 3489',
    next(history, ctx): PlanStep<ClassicVerdict> {
      const done = (natType: PystunType, external?: Endpoint): PlanStep<ClassicVerdict> => ({
        kind: 'done',
        verdict: { natType, external },
      });
      const [t1, t2, t1b, t3] = history;
      if (!t1) return { kind: 'probe', probe: plainProbe('Test I', ctx.server, true) };
      const first = t1.answer;
      if (!first?.mapped) return done(PYSTUN_TYPES.blocked);
      const external = first.mapped;
      if (!t2)
        return {
          kind: 'probe',
          probe: {
            label: 'Test II',
            to: ctx.server,
            changeIp: true,
            changePort: true,
            classic: true,
          },
        };
      if (external.ip === ctx.local.ip)
        return done(
          t2.answer ? PYSTUN_TYPES.openInternet : PYSTUN_TYPES.symmetricFirewall,
          external,
        );
      if (t2.answer) return done(PYSTUN_TYPES.fullCone, external);
      const changed = first.other;
      if (!changed) return done(PYSTUN_TYPES.changedAddressError, external);
      const to = options.pystunBug ? { ip: changed.ip, port: ctx.server.port } : changed;
      const testIII = { label: 'Test III', to, changeIp: false, changePort: true, classic: true };
      // Test I' and Test III both go to the changed address A2:P2 (Test III answered from A2:P1):
      // neither opens a filter the other's answer needs closed. The original pystun's Test III
      // goes to A2:P1 and is answered from A2:P2, which Test I' opens: it must wait for Test I'.
      if (!t1b)
        return {
          kind: 'probe',
          probe: plainProbe('Test I (changed address)', changed, true),
          ...(options.pystunBug ? {} : { alongside: [testIII] }),
        };
      if (!t1b.answer?.mapped) return done(PYSTUN_TYPES.changedAddressError, external);
      if (!sameEndpoint(t1b.answer.mapped, external)) return done(PYSTUN_TYPES.symmetric, external);
      if (!t3) return { kind: 'probe', probe: testIII };
      return done(t3.answer ? PYSTUN_TYPES.restricted : PYSTUN_TYPES.portRestricted, external);
    },
  };
}
