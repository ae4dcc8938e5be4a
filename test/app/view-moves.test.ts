import { describe, expect, it } from 'vitest';
import { natChange, navigation, scenarioChange } from '../../src/app/view-moves.ts';
import type { NatChoice, ViewState } from '../../src/app/url-state.ts';
import type { Navigation } from '../../src/app/view-moves.ts';

const SYM: NatChoice = { preset: 'symmetric', overrides: {} };
const FULL: NatChoice = { preset: 'full-cone', overrides: {} };

describe('what the simulator moves do to the view state', () => {
  it('a NAT chosen for a router is set; none goes back to the scenario’s own', () => {
    const state = { nat: { 'alice-nat': SYM } };
    expect(natChange(state, 'bob-nat', FULL)).toEqual({
      nat: { 'alice-nat': SYM, 'bob-nat': FULL },
    });
    expect(natChange(state, 'alice-nat', undefined)).toEqual({ nat: {} });
    expect(state.nat).toEqual({ 'alice-nat': SYM });
  });

  it('another scenario starts over with its own NATs and nothing typed', () => {
    expect(scenarioChange('hairpin')).toEqual({
      scenario: 'hairpin',
      nat: {},
      step: 0,
      packet: undefined,
      session: undefined,
    });
  });

  it.each<{ to: Navigation; patch: Partial<ViewState>; rebuild: boolean }>([
    { to: { page: 'matrix' }, patch: { page: 'matrix' }, rebuild: false },
    {
      // A matrix cell played: its scenario from step 0 with the default seed, its NATs.
      to: { page: 'sim', scenario: 'walkthrough', nat: { 'alice-nat': SYM } },
      patch: {
        page: 'sim',
        scenario: 'walkthrough',
        step: 0,
        packet: undefined,
        seed: undefined,
        session: undefined,
        nat: { 'alice-nat': SYM },
      },
      rebuild: true,
    },
    {
      // A scenario without NATs keeps the choices so far.
      to: { page: 'sim', scenario: 'walkthrough' },
      patch: {
        page: 'sim',
        scenario: 'walkthrough',
        step: 0,
        packet: undefined,
        seed: undefined,
        session: undefined,
      },
      rebuild: true,
    },
    {
      to: { page: 'sim', nat: { 'bob-nat': FULL } },
      patch: { page: 'sim', nat: { 'bob-nat': FULL } },
      rebuild: true,
    },
  ])('navigate to $to.page', ({ to, patch, rebuild }) => {
    expect(navigation(to)).toEqual({ patch, rebuild });
  });
});
