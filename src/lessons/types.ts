/**
 * The compiled lesson data: what the build-time compiler (compile.ts) makes of a
 * lessons/NN-slug.LANG.md file and what the browser's lesson elements receive. Plain JSON
 * (prose is HTML made at build time), so no markdown parser ships to the browser.
 */
import type { Lang } from '../i18n/index.ts';

/** A lesson's front matter. */
export interface LessonMeta {
  readonly chapter: number;
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
}

/** What a block runs: a scenario with NAT presets per router, a seed and a scripted-step cut. */
export interface Setup {
  readonly scenario: string;
  /** Preset id by router id (`bob-nat`, `alice-nat`, `cgnat`), only those the block sets. */
  readonly nat: Readonly<Record<string, string>>;
  readonly seed?: number | undefined;
  readonly stopAfter?: number | undefined;
}

/** Which panels an embedded simulator shows. */
export type Panel = 'topology' | 'sequence' | 'tables' | 'terminals' | 'goals';

/** The event shown first: an index, or the last event. */
export type StepAt = number | 'end';

interface BlockBase {
  /** The block's id (anchor, progress key); a note may have none. */
  readonly id: string;
  /** 1-based line of the `:::` opening the block in its source file. */
  readonly line: number;
  /** The block's body as HTML (caption, task, note text); '' when none. */
  readonly html: string;
}

/** An embedded simulator. */
export interface SimulatorBlock extends BlockBase {
  readonly kind: 'simulator';
  readonly setup: Setup;
  readonly panels: readonly Panel[];
  readonly step: StepAt;
}

/** One option of a predict block. */
export interface PredictOption {
  readonly value: string;
  /** The option's label as inline HTML. */
  readonly label: string;
  /** Shown when this option is the right one; '' when none. */
  readonly explanation: string;
}

/** A question the model answers by running the scenario. */
export interface PredictBlock extends BlockBase {
  readonly kind: 'predict';
  readonly setup: Setup;
  readonly step: StepAt;
  /** The question, e.g. `goal:alice-hears-bob` (see answers.ts). */
  readonly ask: string;
  readonly options: readonly PredictOption[];
  /** The model's answer (an option's value), computed at build time; '' until then. */
  readonly answer: string;
}

/** A command line of a terminal block. */
export interface TerminalLine {
  readonly actor: string;
  readonly command: string;
  readonly line: number;
}

/** Commands the reader can run in an embedded simulator. */
export interface TerminalBlock extends BlockBase {
  readonly kind: 'terminal';
  readonly setup: Setup;
  readonly lines: readonly TerminalLine[];
}

/** A task the embedded simulator checks by a goal. */
export interface TryBlock extends BlockBase {
  readonly kind: 'try';
  readonly setup: Setup;
  readonly goal: string;
  /** The id of a terminal block that solves it; undefined: the scenario's own script. */
  readonly solution?: string | undefined;
}

/** An aside. */
export interface NoteBlock extends BlockBase {
  readonly kind: 'note';
  readonly tone: 'info' | 'warning' | 'history';
}

/** An image with a caption (`src` relative to lessons/, made a URL by the Vite plugin). */
export interface FigureBlock extends BlockBase {
  readonly kind: 'figure';
  readonly src: string;
  readonly alt: string;
}

/** A plot of a registered kind (plots.ts). */
export interface PlotBlock extends BlockBase {
  readonly kind: 'plot';
  readonly plot: string;
}

/** Every kind of block. */
export type Block =
  | SimulatorBlock
  | PredictBlock
  | TerminalBlock
  | TryBlock
  | NoteBlock
  | FigureBlock
  | PlotBlock;

/** The kind tag of a block. */
export type BlockKind = Block['kind'];

/** Prose between blocks, as HTML. */
export interface Prose {
  readonly kind: 'prose';
  readonly html: string;
  readonly line: number;
}

/** A lesson section: prose or a block. */
export type Section = Prose | Block;

/** One compiled lesson file. */
export interface Lesson {
  /** `03-walkthrough`: the chapter's key in URLs. */
  readonly key: string;
  readonly lang: Lang;
  readonly meta: LessonMeta;
  readonly sections: readonly Section[];
}

/** One chapter in the course index (both languages). */
export interface ChapterEntry {
  readonly key: string;
  readonly chapter: number;
  readonly slug: string;
  readonly title: Readonly<Record<Lang, string>>;
  readonly summary: Readonly<Record<Lang, string>>;
  /** Ids of the blocks, in order (the ES file's; the checks make EN's equal). */
  readonly blocks: readonly { readonly id: string; readonly kind: BlockKind }[];
}

/** A problem in a lesson file, at a line. */
export interface LessonError {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** A warning does not fail the checks (e.g. a link to a chapter not written yet). */
  readonly warning?: boolean;
}

/** `lessons/03-walkthrough.es.md:12: unknown scenario "x"`. */
export function formatError(e: LessonError): string {
  return `${e.file}:${e.line}: ${e.warning ? 'warning: ' : ''}${e.message}`;
}

/** Whether a section is a block. */
export function isBlock(s: Section): s is Block {
  return s.kind !== 'prose';
}
