/**
 * Why a capture's addresses got their roles and each NAT its guessed type, as data: a kind and
 * its values, worded in English here (the CLI, tests) and in the reader's language by the
 * browser (src/i18n keys `captureReason…`, one per kind).
 */

/** Every kind of reason. */
export type ReasonKind =
  | 'namespace-lab'
  | 'server'
  | 'server-alternate'
  | 'server-machine'
  | 'behind-nat'
  | 'peer-port'
  | 'peer-first'
  | 'peer-second'
  | 'peer-missing'
  | 'peer-machine'
  | 'own-guessed'
  | 'own-guessed-private'
  | 'swapped'
  | 'nat-symmetric'
  | 'nat-full-cone'
  | 'nat-restricted-cone'
  | 'nat-port-restricted-cone'
  | 'nat-none-crossed'
  | 'nat-no-evidence';

/** One reason. */
export interface Reason {
  readonly kind: ReasonKind;
  readonly values: Readonly<Record<string, string | number>>;
}

/** The English sentence of each kind, with `{name}` for its values. */
export const REASON_EN: Readonly<Record<ReasonKind, string>> = {
  'namespace-lab': 'the namespace lab: its documentation addresses (agujero netns)',
  server: 'server {ip}: receives on port 9000 or 3478',
  'server-alternate': 'server {ip}: its second address (STUN port {port})',
  'server-machine': "server {ips}: the addresses in the capture taken on the server's machine",
  'behind-nat': '{lan} is behind the NAT at {wan}: rewritten there',
  'peer-port': "{who} {ips}: uses the walkthrough's port {ports}",
  'peer-first': '{who} {ips}: spoke to the server first (as Bob does in the walkthrough)',
  'peer-second': '{who} {ips}: spoke to the server second',
  'peer-missing': '{who}: not in the capture',
  'peer-machine': "{who} {ips}: the addresses in the capture taken on {who}'s machine",
  'own-guessed':
    "{who} {ips}: a guess (two addresses are in the same datagrams of its capture, and neither its link layer, the server's ports nor the TTLs say which one is its own)",
  'own-guessed-private':
    "{who} {ips}: a guess, the private address (two addresses are in the same datagrams of its capture, and neither its link layer, the server's ports nor the TTLs say which one is its own)",
  swapped: 'Alice and Bob swapped by hand',
  'nat-symmetric':
    '{inner} went out as port {port1} toward {remote1} and as {port2} toward {remote2}',
  'nat-full-cone': '{remote} got in through port {port}, which never sent to {ip}',
  'nat-restricted-cone':
    '{remote} got in through port {port}, which sent to {ip} but never to port {remotePort}',
  'nat-port-restricted-cone':
    '{remote} was dropped at port {port}, which sent to {ip} from another port',
  'nat-none-crossed': 'no packet crossed it in the capture: Linux MASQUERADE assumed',
  'nat-no-evidence':
    'nothing came in that a stricter or looser NAT would have treated otherwise: Linux MASQUERADE assumed',
};

/** A reason. */
export function reason(kind: ReasonKind, values: Reason['values'] = {}): Reason {
  return { kind, values };
}

/** Fills `template`'s `{name}`s from `r`'s values. */
export function fillReason(template: string, r: Reason): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) =>
    name in r.values ? String(r.values[name]) : all,
  );
}

/** The English sentence of `r`. */
export function reasonText(r: Reason): string {
  return fillReason(REASON_EN[r.kind], r);
}
