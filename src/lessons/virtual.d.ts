/** Types of the modules the lessons Vite plugin (vite-plugin.ts) serves. */
declare module 'virtual:lessons' {
  import type { ChapterEntry, Lesson } from './types.ts';
  /** Every chapter with both languages, in order. */
  export const chapters: readonly ChapterEntry[];
  /** A loader per `KEY.LANG` (`03-walkthrough.es`). */
  export const loaders: Readonly<Record<string, () => Promise<{ default: Lesson | undefined }>>>;
}
