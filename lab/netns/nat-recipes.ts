/**
 * The NAT recipes a router namespace can run (iptables MASQUERADE, --random-fully, and the
 * nftables full-cone and restricted-cone recipes of DESIGN.md) and its INPUT policy, as the exact
 * commands that install them.
 */
import { invalid } from './errors.ts';
import * as v from './validate.ts';

/** The NAT behaviours a router can be given. */
export type NatRecipe = 'masquerade' | 'masquerade-random-fully' | 'full-cone' | 'restricted-cone';

/** Every recipe, in the order tests iterate them. */
export const NAT_RECIPES: readonly NatRecipe[] = [
  'masquerade',
  'masquerade-random-fully',
  'full-cone',
  'restricted-cone',
];

/**
 * What the router does with a NEW packet arriving on its WAN side addressed to itself:
 * 'accept' lets conntrack create a flow for it (the clash of the walkthrough), 'drop-new' is
 * `iptables -A INPUT -i wan0 -m conntrack --ctstate NEW -j DROP`.
 */
export type InputPolicy = 'accept' | 'drop-new';

/** The NAT configuration of one router. */
export interface RouterNat {
  readonly recipe: NatRecipe;
  readonly inputPolicy: InputPolicy;
}

/** What each recipe is, in classic and RFC 4787 terms (measured, see DESIGN.md). */
export const RECIPE_BEHAVIOUR: Readonly<
  Record<NatRecipe, { classic: string; mapping: string; filtering: string }>
> = {
  masquerade: { classic: 'port-restricted cone', mapping: 'EI', filtering: 'APD' },
  'masquerade-random-fully': { classic: 'symmetric', mapping: 'APD', filtering: 'APD' },
  'full-cone': { classic: 'full cone', mapping: 'EI', filtering: 'EI' },
  'restricted-cone': { classic: 'restricted cone', mapping: 'EI', filtering: 'AD' },
};

/** One command that configures a router (run inside the router's namespace). */
export interface RouterStep {
  readonly what: string;
  readonly argv: readonly string[];
  /** stdin for the command (an nft script). */
  readonly input?: string;
}

/** The router's interfaces and the one LAN host the cone recipes forward to. */
export interface RouterSides {
  readonly wan: string;
  readonly lan: string;
  readonly lanHost: string;
}

/** Lifetime of a restricted-cone permission: nf_conntrack_udp_timeout_stream's default. */
export const RESTRICTED_CONE_TIMEOUT_SEC = 120;

/** Checks a RouterNat; throws NetnsError('invalid-argument') naming the bad field. */
export function checkRouterNat(nat: RouterNat): RouterNat {
  if (!NAT_RECIPES.includes(nat.recipe)) {
    throw invalid('NAT recipe', nat.recipe, NAT_RECIPES.join(' | '));
  }
  if (nat.inputPolicy !== 'accept' && nat.inputPolicy !== 'drop-new') {
    throw invalid('input policy', nat.inputPolicy, "'accept' | 'drop-new'");
  }
  return nat;
}

function nftScript(recipe: 'full-cone' | 'restricted-cone', s: RouterSides): string {
  const wan = JSON.stringify(s.wan);
  const contacted =
    recipe === 'restricted-cone'
      ? [
          '  set contacted {',
          '    type ipv4_addr . inet_service',
          '    flags dynamic, timeout',
          `    timeout ${RESTRICTED_CONE_TIMEOUT_SEC}s`,
          '  }',
        ]
      : [];
  const remember =
    recipe === 'restricted-cone'
      ? [`    oifname ${wan} meta l4proto udp update @contacted { ip daddr . udp sport }`]
      : [];
  const admit =
    recipe === 'restricted-cone'
      ? `    iifname ${wan} meta l4proto udp ip saddr . udp dport @contacted dnat to ${s.lanHost}`
      : `    iifname ${wan} meta l4proto udp dnat to ${s.lanHost}`;
  return [
    'table ip agujero {',
    ...contacted,
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    ...remember,
    `    oifname ${wan} masquerade`,
    '  }',
    '  chain prerouting {',
    '    type nat hook prerouting priority dstnat; policy accept;',
    admit,
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * The commands that give a router `nat`, starting from a clean slate: `nft flush ruleset`
 * (which also empties iptables-nft's tables), then the recipe, then the INPUT policy.
 * Conntrack is not flushed here; callers do that.
 */
export function routerSteps(nat: RouterNat, sides: RouterSides): RouterStep[] {
  checkRouterNat(nat);
  const wan = v.ifName(sides.wan);
  v.ifName(sides.lan);
  v.ipv4(sides.lanHost);
  const steps: RouterStep[] = [{ what: 'nft flush ruleset', argv: ['nft', 'flush', 'ruleset'] }];
  const masq = ['iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', wan, '-j', 'MASQUERADE'];
  switch (nat.recipe) {
    case 'masquerade':
      steps.push({ what: 'iptables MASQUERADE', argv: masq });
      break;
    case 'masquerade-random-fully':
      steps.push({ what: 'iptables MASQUERADE --random-fully', argv: [...masq, '--random-fully'] });
      break;
    case 'full-cone':
    case 'restricted-cone':
      steps.push({
        what: `nft ${nat.recipe} recipe`,
        argv: ['nft', '-f', '-'],
        input: nftScript(nat.recipe, sides),
      });
      break;
    default: {
      const never: never = nat.recipe;
      throw invalid('NAT recipe', never, NAT_RECIPES.join(' | '));
    }
  }
  if (nat.inputPolicy === 'drop-new') {
    steps.push({
      what: 'iptables INPUT drop-new',
      argv: [
        'iptables',
        '-A',
        'INPUT',
        '-i',
        wan,
        '-m',
        'conntrack',
        '--ctstate',
        'NEW',
        '-j',
        'DROP',
      ],
    });
  }
  return steps;
}

/**
 * The commands that forget what a recipe remembers outside conntrack, so the next experiment
 * starts clean: the restricted-cone recipe's `contacted` set (`conntrack -F` leaves it full, and
 * its entries would admit a later case's inbound packets). Empty for the other recipes.
 */
export function stateFlushSteps(nat: RouterNat): RouterStep[] {
  checkRouterNat(nat);
  return nat.recipe === 'restricted-cone'
    ? [
        {
          what: 'nft flush set contacted',
          argv: ['nft', 'flush', 'set', 'ip', 'agujero', 'contacted'],
        },
      ]
    : [];
}

/**
 * The commands that make a router only route, no NAT (the "open internet" side of a punch grid:
 * its LAN host is reachable at its own address once the other namespaces route that LAN to the
 * router, see Topology.configureRouted): an empty ruleset, then the INPUT policy, whose
 * conntrack match also keeps flows tracked.
 */
export function routedSteps(inputPolicy: InputPolicy, sides: RouterSides): RouterStep[] {
  return routerSteps({ recipe: 'masquerade', inputPolicy }, sides).filter(
    (s) => s.what !== 'iptables MASQUERADE',
  );
}
