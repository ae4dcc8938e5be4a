import { describe, expect, it } from 'vitest';
import { Network } from '../../src/model/network.ts';
import { textPayload } from '../../src/model/packet.ts';
import { ScenarioRun } from '../../src/model/scenario-run.ts';
import { linuxClashScenario } from '../../src/model/scenarios/linux-clash.ts';
import { walkthroughScenario } from '../../src/model/scenarios/walkthrough.ts';
import type { TraceEvent } from '../../src/model/trace.ts';
import { bindingNoteText } from '../../src/model/trace.ts';

const drops = (events: readonly TraceEvent[]) =>
  events.flatMap((e) => (e.type === 'dropped' ? [e] : []));

describe('drops and binding notes carry their facts as data', () => {
  it('says whether a router-port-closed drop created the entry or matched it, and the clash as data', () => {
    const run = new ScenarioRun(linuxClashScenario(false));
    run.runToEnd();
    const closed = drops(run.events).filter(
      (d) => d.node === 'bob-nat' && d.reason === 'router-port-closed',
    );
    expect(closed.map((d) => d.facts?.createdState)).toEqual([true, false]);
    const clash = run.events.find((e) => e.type === 'mapping-created' && e.binding.noteFacts);
    expect(clash?.type === 'mapping-created' && clash.binding.noteFacts).toEqual({
      kind: 'clash',
      wanted: { ip: '54.93.229.24', port: 58888 },
      remote: { ip: '82.230.120.113', port: 53333 },
      holder: 'local',
    });
    if (clash?.type === 'mapping-created' && clash.binding.noteFacts) {
      expect(bindingNoteText(clash.binding.noteFacts, clash.binding.external.port)).toBe(
        clash.binding.note,
      );
    }
  });

  it('names the remote a connected socket is tied to', () => {
    const run = new ScenarioRun(walkthroughScenario());
    run.runToEnd();
    const [d] = drops(run.events);
    expect(d).toMatchObject({
      reason: 'socket-connected-elsewhere',
      facts: { connectedTo: { ip: '54.93.249.162', port: 9000 } },
    });
  });

  it('names the far end of a lossy link and the address whose ports ran out', () => {
    const net = new Network({
      nodes: [
        { kind: 'host', id: 'server', ip: '198.51.100.1', parent: 'internet', link: { loss: 1 } },
        {
          kind: 'router',
          id: 'nat',
          wanIp: '203.0.113.1',
          lanIp: '10.0.0.1',
          lan: '10.0.0.0/24',
          parent: 'internet',
          nat: { preset: 'port-restricted-cone', overrides: { portRange: [5000, 5000] } },
        },
        { kind: 'host', id: 'a', ip: '10.0.0.2', parent: 'nat' },
        { kind: 'host', id: 'b', ip: '10.0.0.3', parent: 'nat' },
      ],
    });
    const events: TraceEvent[] = [];
    net.onTrace((e) => events.push(e));
    net.host('a').bind(4000).send(textPayload('x'), { ip: '198.51.100.1', port: 9 });
    net.host('b').bind(4000).send(textPayload('x'), { ip: '198.51.100.1', port: 9 });
    net.scheduler.runAll();
    const byReason = Object.fromEntries(drops(events).map((d) => [d.reason, d.facts]));
    expect(byReason['port-exhausted']).toEqual({ externalIp: '203.0.113.1' });
    expect(byReason['link-loss']).toEqual({ toNode: 'server' });
  });
});
