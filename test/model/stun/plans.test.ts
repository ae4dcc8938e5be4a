import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../src/model/endpoint.ts';
import { classicPlan, PYSTUN_TYPES } from '../../../src/model/stun/classic-plan.ts';
import type { PlanStep, ProbePlan, ProbeRecord } from '../../../src/model/stun/probe.ts';
import { rfc5780Plan } from '../../../src/model/stun/rfc5780-plan.ts';

const server = { ip: '198.51.100.1', port: 3478 };
const other = { ip: '198.51.100.2', port: 3479 };
const local = { ip: '192.168.1.10', port: 59999 };
const ext = { ip: '203.0.113.5', port: 59999 };

/** Runs a plan against a scripted answer function, returning the probes sent and the verdict. */
function drive<V>(
  plan: ProbePlan<V>,
  answer: (label: string, n: number) => { mapped?: Endpoint; other?: Endpoint } | null,
  me = local,
) {
  const history: ProbeRecord[] = [];
  for (let i = 0; i < 10; i++) {
    const step: PlanStep<V> = plan.next(history, { server, local: me });
    if (step.kind === 'done') return { verdict: step.verdict, probes: history.map((h) => h.probe) };
    const a = answer(step.probe.label, i);
    history.push({
      probe: step.probe,
      answer: a && { from: step.probe.to, mapped: a.mapped, other: a.other },
    });
  }
  throw new Error('plan did not finish');
}

describe('the RFC 3489 plan (pystun)', () => {
  const first = { mapped: ext, other };
  it.each([
    ['no answer at all', () => null, PYSTUN_TYPES.blocked],
    ['Test II answered', (l: string) => (l === 'Test II' ? {} : first), PYSTUN_TYPES.fullCone],
    [
      'Test I prime mapped elsewhere',
      (l: string) =>
        l === 'Test II' ? null : l === 'Test I' ? first : { mapped: { ...ext, port: 1 } },
      PYSTUN_TYPES.symmetric,
    ],
    ['Test III answered', (l: string) => (l === 'Test II' ? null : first), PYSTUN_TYPES.restricted],
    [
      'Test III unanswered',
      (l: string) => (l === 'Test II' || l === 'Test III' ? null : first),
      PYSTUN_TYPES.portRestricted,
    ],
    [
      'changed address silent',
      (l: string) => (l === 'Test I' ? first : null),
      PYSTUN_TYPES.changedAddressError,
    ],
  ])('%s -> %s', (_, answer, natType) => {
    expect(drive(classicPlan(), answer).verdict.natType).toBe(natType);
  });

  it('tells Open Internet from a Symmetric UDP Firewall when the mapped address is local', () => {
    const open = drive(classicPlan(), () => ({ mapped: local, other }), local);
    expect(open.verdict.natType).toBe(PYSTUN_TYPES.openInternet);
    const fw = drive(
      classicPlan(),
      (l) => (l === 'Test II' ? null : { mapped: local, other }),
      local,
    );
    expect(fw.verdict.natType).toBe(PYSTUN_TYPES.symmetricFirewall);
  });

  it('sends Test III to the changed IP and port, or with pystunBug to the changed IP and primary port', () => {
    const answer = (l: string) =>
      l === 'Test II' || l === 'Test III' ? null : { mapped: ext, other };
    const good = drive(classicPlan(), answer).probes.at(-1)!;
    expect(good).toMatchObject({
      label: 'Test III',
      to: other,
      changeIp: false,
      changePort: true,
      classic: true,
    });
    const bug = drive(classicPlan({ pystunBug: true }), answer).probes.at(-1)!;
    expect(bug.to).toEqual({ ip: other.ip, port: server.port });
  });
});

describe('the RFC 5780 plan', () => {
  const first = { mapped: ext, other };
  it('runs the filtering tests before any packet goes to the alternate address', () => {
    const { probes } = drive(rfc5780Plan(), (l) => (l.startsWith('Filtering') ? null : first));
    expect(probes.map((p) => p.label)).toEqual([
      'Binding test I',
      'Filtering test II',
      'Filtering test III',
      'Mapping test II',
    ]);
    expect(probes.slice(0, 3).every((p) => p.to === server)).toBe(true);
  });

  it.each([
    ['EI/EI', () => first, 'endpoint-independent', 'endpoint-independent'],
    [
      'EI/AD',
      (l: string) => (l === 'Filtering test II' ? null : first),
      'endpoint-independent',
      'address-dependent',
    ],
    [
      'AD/APD',
      (l: string) =>
        l.startsWith('Filtering')
          ? null
          : l === 'Binding test I'
            ? first
            : { mapped: { ...ext, port: 2 } },
      'address-dependent',
      'address-port-dependent',
    ],
    [
      'APD/APD',
      (l: string, n: number) =>
        l.startsWith('Filtering')
          ? null
          : l === 'Binding test I'
            ? first
            : { mapped: { ...ext, port: n } },
      'address-port-dependent',
      'address-port-dependent',
    ],
  ])('%s', (_, answer, mapping, filtering) => {
    expect(drive(rfc5780Plan(), answer).verdict).toMatchObject({
      kind: 'behaviour',
      mapping,
      filtering,
      nat: true,
      preservesPort: true,
    });
  });

  it('says so when the server gives no OTHER-ADDRESS, and when nothing answers', () => {
    expect(drive(rfc5780Plan(), () => ({ mapped: ext })).verdict).toMatchObject({
      kind: 'unsupported',
      reason: 'the server sent no OTHER-ADDRESS',
    });
    expect(drive(rfc5780Plan(), () => null).verdict).toEqual({ kind: 'blocked' });
  });
});
