/**
 * Named NAT behaviours as presets over the RFC 4787 policy: the classic cone/symmetric names,
 * Linux MASQUERADE variants, carrier-grade NAT, and the open internet.
 */
import { ModelError } from './errors.ts';
import type { NatPolicy } from './nat-policy.ts';
import { makePolicy } from './nat-policy.ts';

/** Every preset id. */
export type PresetId =
  | 'open-internet'
  | 'full-cone'
  | 'restricted-cone'
  | 'port-restricted-cone'
  | 'symmetric'
  | 'linux-masquerade'
  | 'linux-masquerade-input-drop'
  | 'linux-random-fully'
  | 'cgnat';

/** A preset: its policy and how to name and explain it. */
export interface Preset {
  readonly id: PresetId;
  readonly name: { readonly en: string; readonly es: string };
  readonly summary: { readonly en: string; readonly es: string };
  readonly policy: NatPolicy;
}

/**
 * What every Linux preset shares. `portOverloading` also makes the NAT behave as conntrack does
 * (nat-policy.ts conntrackStyle, each rule measured on the kernel by `agujero verify`): a new
 * flow takes its socket's newest mapping when still unique, else the internal port, else a
 * random one; a packet to the router's own address that is not hairpinned leaves an entry; a
 * replied flow becomes a 120 s stream only once it is more than 2 s old.
 */
const LINUX = {
  portAssignment: 'preserve',
  clash: 'random',
  portRange: [1024, 65535],
  portOverloading: true,
  lifetimeMs: 30_000,
  streamLifetimeMs: 120_000,
  inboundRefresh: true,
  mapping: 'endpoint-independent',
  filtering: 'address-port-dependent',
} as const satisfies Partial<NatPolicy>;

/** Every preset, in teaching order. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'open-internet',
    name: { en: 'Open internet', es: 'Internet abierta' },
    summary: {
      en: 'No NAT, no firewall: a public address.',
      es: 'Sin NAT ni cortafuegos: una dirección pública.',
    },
    policy: makePolicy({ translate: false, filtering: 'endpoint-independent' }),
  },
  {
    id: 'full-cone',
    name: { en: 'Full cone', es: 'Cono completo' },
    summary: {
      en: 'Endpoint-independent mapping and filtering: once mapped, anyone can send in.',
      es: 'Mapeo y filtrado independientes del destino: una vez abierto, cualquiera puede entrar.',
    },
    policy: makePolicy({ mapping: 'endpoint-independent', filtering: 'endpoint-independent' }),
  },
  {
    id: 'restricted-cone',
    name: { en: 'Restricted cone', es: 'Cono restringido' },
    summary: {
      en: 'Endpoint-independent mapping, address-dependent filtering: only addresses we sent to.',
      es: 'Mapeo independiente, filtrado por dirección: solo entran las IP a las que enviamos.',
    },
    policy: makePolicy({ mapping: 'endpoint-independent', filtering: 'address-dependent' }),
  },
  {
    id: 'port-restricted-cone',
    name: { en: 'Port-restricted cone', es: 'Cono restringido por puerto' },
    summary: {
      en: 'Endpoint-independent mapping, address-and-port-dependent filtering.',
      es: 'Mapeo independiente, filtrado por dirección y puerto.',
    },
    policy: makePolicy({ mapping: 'endpoint-independent', filtering: 'address-port-dependent' }),
  },
  {
    id: 'symmetric',
    name: { en: 'Symmetric', es: 'Simétrico' },
    summary: {
      en: 'A new external port for every destination (handed out sequentially), filtered by address and port.',
      es: 'Un puerto externo nuevo por cada destino (asignados en secuencia), filtrado por dirección y puerto.',
    },
    policy: makePolicy({
      mapping: 'address-port-dependent',
      filtering: 'address-port-dependent',
      portAssignment: 'sequential',
      portRange: [40000, 65535],
    }),
  },
  {
    id: 'linux-masquerade',
    name: { en: 'Linux MASQUERADE (INPUT accepts)', es: 'Linux MASQUERADE (INPUT acepta)' },
    summary: {
      en: 'Port-preserving conntrack NAT; stray inbound packets create conntrack entries that can clash.',
      es: 'NAT de conntrack que conserva puertos; paquetes entrantes sueltos crean entradas que pueden chocar.',
    },
    policy: makePolicy({ ...LINUX, inboundCreatesState: true }),
  },
  {
    id: 'linux-masquerade-input-drop',
    name: { en: 'Linux MASQUERADE (INPUT drops NEW)', es: 'Linux MASQUERADE (INPUT descarta NEW)' },
    summary: {
      en: 'MASQUERADE with `-A INPUT -i wan0 -m conntrack --ctstate NEW -j DROP`: no stray entries.',
      es: 'MASQUERADE con `-A INPUT -i wan0 -m conntrack --ctstate NEW -j DROP`: sin entradas sueltas.',
    },
    policy: makePolicy({ ...LINUX, inboundCreatesState: false }),
  },
  {
    id: 'linux-random-fully',
    name: { en: 'Linux MASQUERADE --random-fully', es: 'Linux MASQUERADE --random-fully' },
    summary: {
      en: 'A random external port for every flow: behaves as a symmetric NAT.',
      es: 'Un puerto externo aleatorio por flujo: se comporta como un NAT simétrico.',
    },
    policy: makePolicy({
      ...LINUX,
      mapping: 'address-port-dependent',
      portAssignment: 'random-per-flow',
      inboundCreatesState: true,
    }),
  },
  {
    id: 'cgnat',
    name: { en: 'Carrier-grade NAT', es: 'NAT de operador (CGNAT)' },
    summary: {
      en: 'RFC 6888 style: endpoint-independent mapping, random ports, hairpinning, shared by many homes.',
      es: 'Al estilo RFC 6888: mapeo independiente, puertos aleatorios, horquilla, compartido por muchos hogares.',
    },
    policy: makePolicy({
      mapping: 'endpoint-independent',
      filtering: 'address-port-dependent',
      portAssignment: 'random',
      hairpinning: true,
    }),
  },
];

/** Every preset id, in teaching order. */
export const PRESET_IDS: readonly PresetId[] = PRESETS.map((p) => p.id);

/** The preset with that id; throws ModelError('bad-policy') listing the valid ids. */
export function preset(id: string): Preset {
  const p = PRESETS.find((x) => x.id === id);
  if (!p)
    throw new ModelError(
      'bad-policy',
      `unknown NAT preset "${id}"; known presets: ${PRESET_IDS.join(', ')}`,
    );
  return p;
}
