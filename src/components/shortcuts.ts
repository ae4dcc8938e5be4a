/**
 * The simulator's keyboard shortcuts as a pure mapping from a key press to a playback command:
 * arrows step, Shift+arrows jump between typed commands, P to the next packet sent, Space plays,
 * Home/End, [ and ] change speed. Keys typed into form fields are left alone.
 */
import { nextIndex } from '../app/marks.ts';
import type { Marks } from '../app/marks.ts';
import { SPEEDS } from '../machines/playback.ts';
import type { PlaybackEvent } from '../machines/playback.ts';

/** What a shortcut needs to know about the playback. */
export interface ShortcutContext {
  readonly index: number;
  readonly speed: number;
  readonly marks: Marks;
}

/** Whether a key event comes from somewhere that types or toggles (then it is not a shortcut). */
export function typedIntoControl(e: KeyboardEvent): boolean {
  const path = e.composedPath();
  const tag = (path[0] as HTMLElement | undefined)?.tagName ?? '';
  if (/^(INPUT|SELECT|TEXTAREA)$/.test(tag) || (tag === 'BUTTON' && e.key === ' ')) return true;
  if ((path[0] as HTMLElement | undefined)?.isContentEditable) return true;
  return e.key === ' ' && path.some((n) => n instanceof HTMLElement && n.tagName === 'SUMMARY');
}

/** The playback command for a key, or undefined when the key is not a shortcut. */
export function shortcut(
  key: string,
  shift: boolean,
  c: ShortcutContext,
): PlaybackEvent | undefined {
  const i = SPEEDS.indexOf(c.speed);
  const seek = (to: number | undefined): PlaybackEvent | undefined =>
    to === undefined ? undefined : { type: 'SEEK', index: to };
  const commands = c.marks.commands.map((m) => m.index);
  switch (key) {
    case 'ArrowRight':
      return shift ? seek(nextIndex(commands, c.index, 1)) : { type: 'STEP' };
    case 'ArrowLeft':
      return shift ? seek(nextIndex(commands, c.index, -1)) : { type: 'BACK' };
    case 'p':
    case 'P':
      return seek(nextIndex(c.marks.packets, c.index, shift ? -1 : 1));
    case ' ':
      return { type: 'TOGGLE' };
    case 'Home':
      return { type: 'FIRST' };
    case 'End':
      return { type: 'LAST' };
    case ']':
      return { type: 'SPEED', speed: SPEEDS[Math.min(SPEEDS.length - 1, i + 1)] ?? c.speed };
    case '[':
      return { type: 'SPEED', speed: SPEEDS[Math.max(0, i - 1)] ?? c.speed };
    default:
      return undefined;
  }
}
