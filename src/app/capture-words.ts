/**
 * A capture's matching in the reader's language: each reason (why an address got its role,
 * why a NAT got its guessed type) through its `captureReason…` key, and the NAT presets a
 * prediction may use, by their localised names.
 */
import type { NatGuessPreset, Reason, ReasonKind } from '../capture/index.ts';
import { fillReason } from '../capture/index.ts';
import { pick, t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import { preset } from '../model/presets.ts';

const KEYS: Readonly<Record<ReasonKind, StringKey>> = {
  'namespace-lab': 'captureReasonNamespaceLab',
  server: 'captureReasonServer',
  'server-alternate': 'captureReasonServerAlternate',
  'server-machine': 'captureReasonServerMachine',
  'behind-nat': 'captureReasonBehindNat',
  'peer-port': 'captureReasonPeerPort',
  'peer-first': 'captureReasonPeerFirst',
  'peer-second': 'captureReasonPeerSecond',
  'peer-missing': 'captureReasonPeerMissing',
  'peer-machine': 'captureReasonPeerMachine',
  'own-guessed': 'captureReasonOwnGuessed',
  'own-guessed-private': 'captureReasonOwnGuessedPrivate',
  swapped: 'captureReasonSwapped',
  'nat-symmetric': 'captureReasonNatSymmetric',
  'nat-full-cone': 'captureReasonNatFullCone',
  'nat-restricted-cone': 'captureReasonNatRestrictedCone',
  'nat-port-restricted-cone': 'captureReasonNatPortRestrictedCone',
  'nat-none-crossed': 'captureReasonNatNoneCrossed',
  'nat-no-evidence': 'captureReasonNatNoEvidence',
};

const WHO: Readonly<Record<'alice' | 'bob' | 'server', StringKey>> = {
  alice: 'captureWhoAlice',
  bob: 'captureWhoBob',
  server: 'captureServer',
};

/** The NATs a capture's prediction can run, in the pickers' order. */
export const CAPTURE_PRESETS: readonly NatGuessPreset[] = [
  'full-cone',
  'restricted-cone',
  'port-restricted-cone',
  'symmetric',
];

/** `r` in `lang` (peer names stay Alice and Bob; the server is the Server, el Servidor). */
export function reasonIn(lang: Lang, r: Reason): string {
  const who = r.values['who'];
  const named =
    who === 'alice' || who === 'bob' || who === 'server'
      ? { ...r, values: { ...r.values, who: t(lang, WHO[who]) } }
      : r;
  return fillReason(t(lang, KEYS[r.kind]), named);
}

/** A preset's name in `lang`. */
export function presetName(lang: Lang, id: string): string {
  return pick(lang, preset(id).name);
}
