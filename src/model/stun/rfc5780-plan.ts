/**
 * RFC 5780 NAT behaviour discovery: the mapping behaviour (§4.3) and the filtering behaviour
 * (§4.4) in RFC 4787 terms, plus whether the port was preserved. Filtering is tested first,
 * before any packet goes to the alternate address, so the mapping tests cannot open the filter.
 *
 *   Binding to A1:P1 ─ none ─► blocked         (needs OTHER-ADDRESS = A2:P2)
 *   Filtering II: change IP+port ─ answer ─► endpoint-independent
 *   Filtering III: change port ─ answer ─► address-dependent, else address-and-port-dependent
 *   Mapping II: to A2:P1 ─ same mapping ─► endpoint-independent
 *   Mapping III: to A2:P2 ─ same as II ─► address-dependent, else address-and-port-dependent
 *
 * Concurrent (`alongside`): the two filtering tests (both sent to A1:P1, so neither opens the
 * filter for the other's answer), then the two mapping tests (each a new flow of its own).
 */
import { sameEndpoint } from '../endpoint.ts';
import type { Endpoint } from '../endpoint.ts';
import type { Dependence } from '../nat-policy.ts';
import type { PlanStep, Probe, ProbePlan, ProbeRecord } from './probe.ts';
import { plainProbe } from './probe.ts';

/** RFC 5780's findings. */
export type Rfc5780Verdict =
  | { readonly kind: 'blocked' }
  | { readonly kind: 'unsupported'; readonly reason: string; readonly external: Endpoint }
  | {
      readonly kind: 'behaviour';
      readonly external: Endpoint;
      /** False when the mapped address is the client's own: no NAT. */
      readonly nat: boolean;
      readonly mapping: Dependence;
      readonly filtering: Dependence;
      readonly preservesPort: boolean;
    };

const filteringII = (to: Endpoint): Probe => ({
  label: 'Filtering test II',
  to,
  changeIp: true,
  changePort: true,
  classic: false,
});
const filteringIII = (to: Endpoint): Probe => ({
  label: 'Filtering test III',
  to,
  changeIp: false,
  changePort: true,
  classic: false,
});

/** Builds the RFC 5780 plan. */
export function rfc5780Plan(): ProbePlan<Rfc5780Verdict> {
  return {
    name: 'RFC 5780',
    next(history: readonly ProbeRecord[], ctx): PlanStep<Rfc5780Verdict> {
      const [t1, f2, ...rest] = history;
      if (!t1) return { kind: 'probe', probe: plainProbe('Binding test I', ctx.server, false) };
      const first = t1.answer;
      if (!first?.mapped) return { kind: 'done', verdict: { kind: 'blocked' } };
      const external = first.mapped;
      const other = first.other;
      if (!other)
        return {
          kind: 'done',
          verdict: { kind: 'unsupported', external, reason: 'the server sent no OTHER-ADDRESS' },
        };
      if (!f2)
        return {
          kind: 'probe',
          probe: filteringII(ctx.server),
          alongside: [filteringIII(ctx.server)],
        };
      let i = 0;
      const f3 = f2.answer ? undefined : rest[i++];
      if (!f2.answer && !f3) return { kind: 'probe', probe: filteringIII(ctx.server) };
      const filtering: Dependence = f2.answer
        ? 'endpoint-independent'
        : f3?.answer
          ? 'address-dependent'
          : 'address-port-dependent';
      const m2 = rest[i++];
      if (!m2)
        return {
          kind: 'probe',
          probe: plainProbe('Mapping test II', { ip: other.ip, port: ctx.server.port }, false),
          alongside: [plainProbe('Mapping test III', other, false)],
        };
      if (!m2.answer?.mapped)
        return {
          kind: 'done',
          verdict: {
            kind: 'unsupported',
            external,
            reason: 'no answer from the alternate address',
          },
        };
      const nat = !sameEndpoint(external, ctx.local);
      const verdict = (mapping: Dependence): PlanStep<Rfc5780Verdict> => ({
        kind: 'done',
        verdict: {
          kind: 'behaviour',
          external,
          nat,
          mapping,
          filtering,
          preservesPort: external.port === ctx.local.port,
        },
      });
      if (sameEndpoint(m2.answer.mapped, external)) return verdict('endpoint-independent');
      const m3 = rest[i++];
      if (!m3) return { kind: 'probe', probe: plainProbe('Mapping test III', other, false) };
      if (!m3.answer?.mapped)
        return {
          kind: 'done',
          verdict: {
            kind: 'unsupported',
            external,
            reason: 'no answer from the alternate address and port',
          },
        };
      return verdict(
        sameEndpoint(m3.answer.mapped, m2.answer.mapped)
          ? 'address-dependent'
          : 'address-port-dependent',
      );
    },
  };
}
