/**
 * Landmarks of a recorded run for jumping and for the timeline's ticks: the events that typed a
 * command (with who typed what) and the events that sent a new packet, and the next or previous
 * one from any index.
 */
import type { TraceEvent } from '../model/index.ts';

/** A command typed during the run, at its event index (1-based, as Frame.index). */
export interface CommandMark {
  readonly index: number;
  readonly actor: string;
  readonly text: string;
}

/** The run's landmarks. */
export interface Marks {
  readonly commands: readonly CommandMark[];
  /** Indices of `sent` events (a packet leaves a host). */
  readonly packets: readonly number[];
}

/** Collects the landmarks of `events` (event i has index i + 1). */
export function marksOf(events: readonly TraceEvent[]): Marks {
  const commands: CommandMark[] = [];
  const packets: number[] = [];
  events.forEach((e, i) => {
    if (e.type === 'command') commands.push({ index: i + 1, actor: e.actor, text: e.text });
    else if (e.type === 'sent') packets.push(i + 1);
  });
  return { commands, packets };
}

/**
 * The first index after `index` (dir 1) or the last before it (dir -1) in the sorted `indices`;
 * undefined when there is none.
 */
export function nextIndex(
  indices: readonly number[],
  index: number,
  dir: 1 | -1,
): number | undefined {
  let lo = 0;
  let hi = indices.length;
  // First position whose value is > index (dir 1) or >= index (dir -1).
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = indices[mid] as number;
    if (dir === 1 ? v <= index : v < index) lo = mid + 1;
    else hi = mid;
  }
  return dir === 1 ? indices[lo] : indices[lo - 1];
}
