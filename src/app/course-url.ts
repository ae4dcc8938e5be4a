/**
 * The course's routes in the URL, and which app a URL opens: `?page=course` (the course index,
 * also any URL without simulator parameters, so `/` is the course) and
 * `?page=lesson&l=03-walkthrough` (a chapter; `#block-id` a block in it). Any simulator parameter
 * (`?s=linux-clash`, `page=sim`, `page=matrix`, ...) opens the simulator as before.
 */
import { isLang } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';

/** A page of the course. */
export type CourseRoute =
  | { readonly page: 'course'; readonly lang: Lang }
  | { readonly page: 'lesson'; readonly key: string; readonly lang: Lang };

const SIMULATOR_PARAMS = ['s', 'seed', 'step', 'pkt', 't', 'stopAfter', 'present'];

/** The course page a query names; undefined when it is a simulator URL. */
export function courseRoute(search: string): CourseRoute | undefined {
  const q = new URLSearchParams(search);
  const page = q.get('page');
  const langParam = q.get('lang');
  const lang: Lang = isLang(langParam) ? langParam : 'es';
  const key = q.get('l');
  if (page === 'lesson' && key && /^\d{2}-[a-z0-9-]+$/.test(key))
    return { page: 'lesson', key, lang };
  if (page === 'course' || page === 'lesson') return { page: 'course', lang };
  if (page !== null) return undefined;
  const simulator = [...q.keys()].some((k) => SIMULATOR_PARAMS.includes(k) || k.startsWith('nat.'));
  return simulator ? undefined : { page: 'course', lang };
}

/** The query of a course page. */
export function courseHref(r: CourseRoute): string {
  return r.page === 'lesson'
    ? `?page=lesson&l=${r.key}&lang=${r.lang}`
    : `?page=course&lang=${r.lang}`;
}
