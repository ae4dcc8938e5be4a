/**
 * The NAT types a user names on the command line (`--alice full-cone`), each mapped to the
 * nftables/iptables recipe that gives a real router that behaviour, with a sentence saying what
 * the recipe does; and the user-facing INPUT policies (`accept`, `drop`).
 */
import type { InputPolicy, NatRecipe } from './nat-recipes.ts';
import { RECIPE_BEHAVIOUR } from './nat-recipes.ts';

/** The classic NAT types, in the order help texts list them. */
export const NAT_TYPES = [
  'full-cone',
  'restricted-cone',
  'port-restricted-cone',
  'symmetric',
] as const;

/** One classic NAT type. */
export type NatType = (typeof NAT_TYPES)[number];

/** A NAT type's recipe and what that recipe is, in words. */
export interface NatTypeRecipe {
  readonly recipe: NatRecipe;
  /** What the router runs, in one line. */
  readonly how: string;
  /** RFC 4787 mapping / filtering, e.g. "EI mapping, APD filtering". */
  readonly rfc4787: string;
}

const rfc = (recipe: NatRecipe): string =>
  `${RECIPE_BEHAVIOUR[recipe].mapping} mapping, ${RECIPE_BEHAVIOUR[recipe].filtering} filtering`;

/** The recipe behind each NAT type (measured on the real kernel, see DESIGN.md). */
export const NAT_TYPE_RECIPES: Readonly<Record<NatType, NatTypeRecipe>> = {
  'full-cone': {
    recipe: 'full-cone',
    how: 'nft masquerade + dnat of every inbound UDP packet to the LAN host, a DMZ host: every port',
    rfc4787: rfc('full-cone'),
  },
  'restricted-cone': {
    recipe: 'restricted-cone',
    how: 'nft masquerade + a dynamic set of (contacted address . source port); inbound from a contacted address is forwarded',
    rfc4787: rfc('restricted-cone'),
  },
  'port-restricted-cone': {
    recipe: 'masquerade',
    how: 'iptables MASQUERADE; conntrack admits replies only from the exact address and port',
    rfc4787: rfc('masquerade'),
  },
  symmetric: {
    recipe: 'masquerade-random-fully',
    how: 'iptables MASQUERADE --random-fully, a random public port per destination',
    rfc4787: rfc('masquerade-random-fully'),
  },
};

/** The INPUT policies as the command line spells them. */
export const INPUT_CHOICES = ['drop', 'accept'] as const;

/** One INPUT choice. */
export type InputChoice = (typeof INPUT_CHOICES)[number];

/** The router INPUT policy of each choice. */
export const INPUT_POLICY: Readonly<Record<InputChoice, InputPolicy>> = {
  drop: 'drop-new',
  accept: 'accept',
};

/** What each INPUT choice does, in one line. */
export const INPUT_HOW: Readonly<Record<InputChoice, string>> = {
  drop: 'iptables -A INPUT -i wan0 -m conntrack --ctstate NEW -j DROP (the walkthrough works)',
  accept:
    "NEW packets reach the router's stack: a stray punch creates conntrack state on the router and the peer's reply can clash onto another port",
};

/** True when `text` is a NAT type name. */
export function isNatType(text: string): text is NatType {
  return (NAT_TYPES as readonly string[]).includes(text);
}

/** True when `text` is an INPUT choice. */
export function isInputChoice(text: string): text is InputChoice {
  return (INPUT_CHOICES as readonly string[]).includes(text);
}
