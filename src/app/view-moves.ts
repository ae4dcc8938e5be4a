/**
 * What the simulator's moves do to the view state, as patches `<nat-app>` applies and mirrors
 * in the URL: another scenario starts over (its own NATs, step 0, no packet chosen, nothing
 * typed), and going to a page may bring a scenario and NATs to play (a matrix cell): the
 * scenario from step 0 with its default seed, the NATs given (else the choices so far).
 *
 *   NAT chosen for a router ─► { nat: the choices with that one set or removed }
 *   scenario change ─► { scenario, nat: {}, step: 0, packet, session: undefined }
 *   navigate(page, scenario?, nat?) ─► { page, scenario from step 0?, nat? } and record again?
 */
import type { NatChoice, Page, ViewState } from './url-state.ts';

/** The state after choosing `choice` for `router` (undefined: back to the scenario's own NAT). */
export function natChange(
  state: Pick<ViewState, 'nat'>,
  router: string,
  choice: NatChoice | undefined,
): Partial<ViewState> {
  const nat = { ...state.nat };
  if (choice) nat[router] = choice;
  else delete nat[router];
  return { nat };
}

/** The state after choosing `scenario` (the user's NAT choices give way to its own). */
export function scenarioChange(scenario: string): Partial<ViewState> {
  return { scenario, nat: {}, step: 0, packet: undefined, session: undefined };
}

/** Where a navigation goes: a page, maybe with a scenario and NATs to play. */
export interface Navigation {
  readonly page: Page;
  readonly scenario?: string | undefined;
  readonly nat?: Readonly<Record<string, NatChoice>> | undefined;
}

/** The state a navigation leads to, and whether the run must be recorded again. */
export function navigation(to: Navigation): { patch: Partial<ViewState>; rebuild: boolean } {
  const patch: Partial<ViewState> = {
    page: to.page,
    // A new scenario from step 0 with its default seed; NAT choices stay unless given.
    ...(to.scenario
      ? { scenario: to.scenario, step: 0, packet: undefined, seed: undefined, session: undefined }
      : {}),
    ...(to.nat ? { nat: to.nat } : {}),
  };
  return { patch, rebuild: Boolean(to.scenario || to.nat) };
}
