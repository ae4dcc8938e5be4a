/**
 * The typed custom events components send up to nat-app (properties go down, these come up),
 * and `emit`, which dispatches one that bubbles out of shadow roots.
 */
import type { PlaybackEvent } from '../machines/playback.ts';
import type { Lang } from '../i18n/index.ts';
import type { NatChoice, Page } from '../app/url-state.ts';

/** Every event name with its detail. */
export interface NatEventMap {
  /** A playback command: step, back, play, seek... */
  'nat-playback': PlaybackEvent;
  /** Select a packet for the inspector (undefined closes it). */
  'nat-select-packet': { readonly id: number | undefined };
  /** A router's NAT changed (undefined: back to the scenario's own). */
  'nat-change-nat': { readonly router: string; readonly choice: NatChoice | undefined };
  'nat-change-scenario': { readonly scenario: string };
  'nat-change-seed': { readonly seed: number | undefined };
  'nat-change-lang': { readonly lang: Lang };
  /** Go to a page; from the matrix, with the scenario and NATs to play. */
  'nat-navigate': {
    readonly page: Page;
    readonly scenario?: string;
    readonly nat?: Readonly<Record<string, NatChoice>>;
    readonly play?: boolean;
  };
  /** Turn presentation mode on or off. */
  'nat-present': { readonly present: boolean };
  /** Close the notices strip. */
  'nat-dismiss': Record<string, never>;
  /** The student typed `line` into `actor`'s terminal, or asks to undo the last typed command. */
  'nat-type': { readonly actor: string; readonly line: string } | { readonly undo: true };
}

/** A custom event of the map. */
export type NatEvent<K extends keyof NatEventMap> = CustomEvent<NatEventMap[K]>;

declare global {
  interface HTMLElementEventMap {
    'nat-playback': NatEvent<'nat-playback'>;
    'nat-select-packet': NatEvent<'nat-select-packet'>;
    'nat-change-nat': NatEvent<'nat-change-nat'>;
    'nat-change-scenario': NatEvent<'nat-change-scenario'>;
    'nat-change-seed': NatEvent<'nat-change-seed'>;
    'nat-change-lang': NatEvent<'nat-change-lang'>;
    'nat-navigate': NatEvent<'nat-navigate'>;
    'nat-dismiss': NatEvent<'nat-dismiss'>;
    'nat-present': NatEvent<'nat-present'>;
    'nat-type': NatEvent<'nat-type'>;
  }
}

/** Dispatches `name` from `from`, bubbling and crossing shadow roots. */
export function emit<K extends keyof NatEventMap>(
  from: EventTarget,
  name: K,
  detail: NatEventMap[K],
): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
