/**
 * The course's planned chapters (slugs fixed so writers can link ahead): a link to a planned
 * chapter whose files do not exist yet is a warning, not an error, and points where the chapter
 * will be.
 */

/** Chapter keys of the whole course, in order. */
export const PLANNED_CHAPTERS: readonly string[] = [
  '01-nat',
  '02-types',
  '03-walkthrough',
  '04-lifetime',
  '05-stun',
  '06-linux',
  '07-symmetric',
  '08-hairpin',
  '09-defender',
  '10-lab',
];

/** The planned chapter key of a slug, if any. */
export function plannedKey(slug: string): string | undefined {
  return PLANNED_CHAPTERS.find((k) => k.slice(3) === slug);
}
