/**
 * What the case families share: socket shorthands, the router configurations they iterate
 * (every recipe under both INPUT policies), and the classic NAT types with their recipes.
 */
import type { InputPolicy, NatRecipe, RouterNat } from '../../netns/nat-recipes.ts';
import { NAT_RECIPES } from '../../netns/nat-recipes.ts';
import { NAT_TYPES, NAT_TYPE_RECIPES } from '../../netns/nat-types.ts';
import type { NatType } from '../../netns/nat-types.ts';
import type { SocketRef } from '../case.ts';

/** Alice's socket on `port`. */
export const alice = (port: number): SocketRef => ({ host: 'alice', port });
/** Bob's socket on `port`. */
export const bob = (port: number): SocketRef => ({ host: 'bob', port });
/** The server's socket on `port` of its primary (or alternate) address. */
export const server = (port: number, alternate = false): SocketRef => ({
  host: 'server',
  port,
  ip: alternate ? 'serverAlternate' : 'serverPrimary',
});

/** The STUN ports: the server's four endpoints are two addresses x these two ports. */
export const PORTS = [3478, 3479] as const;

/** The server's four endpoints, as sockets. */
export const SERVER_FOUR: readonly SocketRef[] = [
  server(3478),
  server(3479),
  server(3478, true),
  server(3479, true),
];

/** Both INPUT policies, accept first (where state is left behind). */
export const POLICIES: readonly InputPolicy[] = ['accept', 'drop-new'];

/** Every recipe under every INPUT policy. */
export const ROUTER_NATS: readonly RouterNat[] = NAT_RECIPES.flatMap((recipe: NatRecipe) =>
  POLICIES.map((inputPolicy) => ({ recipe, inputPolicy })),
);

/** `masquerade/accept`, for case ids. */
export const natId = (n: RouterNat): string => `${n.recipe}/${n.inputPolicy}`;

/** The classic NAT types, with the recipe each runs on the real kernel. */
export const TYPES: readonly { readonly type: NatType; readonly recipe: NatRecipe }[] =
  NAT_TYPES.map((type) => ({ type, recipe: NAT_TYPE_RECIPES[type].recipe }));
