/**
 * The names of the observations a run makes, usable as `${name}` in later commands: what a host
 * saw of a sender (ScenarioRun records `HOST.saw.SENDER.ip`, `.port` and `.port.next` for every
 * delivered datagram), what a host learnt from STUN (pystun observes `HOST.stun.ip` and
 * `.port`) and from a TURN relay (`turn` observes `HOST.turn.relay.ip`, `.relay.port`,
 * `.mapped.*` and `.peer.*`). Scenario validation parses references with these rules.
 */

/** The part of an observation the value is. */
export type SawField = 'ip' | 'port' | 'port.next';
export type StunField = 'ip' | 'port';
/** What a TURN client learnt: its relayed address, its address as the relay saw it, the last peer. */
export type TurnField = `${'relay' | 'mapped' | 'peer'}.${'ip' | 'port'}`;

/** A parsed observation name. */
export type Observation =
  | {
      readonly kind: 'saw';
      readonly observer: string;
      readonly sender: string;
      readonly field: SawField;
    }
  | { readonly kind: 'stun'; readonly host: string; readonly field: StunField }
  | { readonly kind: 'turn'; readonly host: string; readonly field: TurnField };

/** Every form an observation name can take, as a user would read it. */
export const OBSERVATION_FORMS: readonly string[] = [
  '${HOST.saw.SENDER.ip}',
  '${HOST.saw.SENDER.port}',
  '${HOST.saw.SENDER.port.next}',
  '${HOST.stun.ip}',
  '${HOST.stun.port}',
  '${HOST.turn.relay.ip}',
  '${HOST.turn.relay.port}',
  '${HOST.turn.mapped.ip}',
  '${HOST.turn.mapped.port}',
  '${HOST.turn.peer.ip}',
  '${HOST.turn.peer.port}',
];

/** The name of what `observer` saw of `sender`. */
export function sawKey(observer: string, sender: string, field: SawField): string {
  return `${observer}.saw.${sender}.${field}`;
}

/** The name of what `host` learnt of itself from a STUN server. */
export function stunKey(host: string, field: StunField): string {
  return `${host}.stun.${field}`;
}

/** The name of what `host` learnt from a TURN relay. */
export function turnKey(host: string, field: TurnField): string {
  return `${host}.turn.${field}`;
}

/** A node id, as validateTopology accepts it (so a dot always separates the parts). */
const HOST = '([a-z][a-z0-9-]*)';
const SAW = new RegExp(`^${HOST}\\.saw\\.${HOST}\\.(ip|port|port\\.next)$`);
const STUN = new RegExp(`^${HOST}\\.stun\\.(ip|port)$`);
const TURN = new RegExp(`^${HOST}\\.turn\\.((?:relay|mapped|peer)\\.(?:ip|port))$`);

/** Parses an observation name; undefined when no run can ever make it. */
export function parseObservation(name: string): Observation | undefined {
  const saw = SAW.exec(name);
  if (saw) {
    const [, observer, sender, field] = saw as unknown as [string, string, string, SawField];
    return { kind: 'saw', observer, sender, field };
  }
  const stun = STUN.exec(name);
  if (stun) {
    const [, host, field] = stun as unknown as [string, string, StunField];
    return { kind: 'stun', host, field };
  }
  const turn = TURN.exec(name);
  if (turn) {
    const [, host, field] = turn as unknown as [string, string, TurnField];
    return { kind: 'turn', host, field };
  }
  return undefined;
}

/** The hosts an observation depends on: both must run commands for it to exist. */
export function observationHosts(o: Observation): readonly string[] {
  return o.kind === 'saw' ? [o.observer, o.sender] : [o.host];
}

/** Whether the observation's value is a port (else an IPv4 address). */
export function isPortObservation(o: Observation): boolean {
  return o.field === 'port' || o.field === 'port.next' || o.field.endsWith('.port');
}
