/**
 * The checks of one compiled lesson against the model: block ids unique; scenarios, presets,
 * routers, goals and actors resolve; terminal lines are commands the simulator's shell runs; each
 * predict's answer is computed (filled into the block), is one of its options, and its
 * explanations name only addresses and ports of that run; each try has a solution that reaches
 * its goal; figures exist, plots are registered, links resolve. Every error names file and line.
 */
import { validationCommands } from '../app/catalog.ts';
import { parseState } from '../app/url-state.ts';
import type { ScenarioRun } from '../model/index.ts';
import { validateCommandLine } from '../model/terminals.ts';
import { answer } from './answers.ts';
import type { Compiled } from './compile.ts';
import { TraceFacts } from './explanations.ts';
import { PLOT_KINDS } from './plot-kinds.ts';
import { plannedKey } from './plan.ts';
import { runnable, SetupError } from './setup.ts';
import { solutionRun } from './solution.ts';
import type { Block, Lesson, LessonError, Section, TerminalBlock } from './types.ts';
import { isBlock } from './types.ts';

/** What the checks know of the whole course. */
export interface CourseContext {
  /** Chapter key by slug. */
  readonly chapters: Readonly<Record<string, string>>;
  /** Block ids of each lesson, by `KEY.LANG` (`03-walkthrough.es`). */
  readonly blockIds: Readonly<Record<string, ReadonlySet<string>>>;
  /** Whether a path relative to lessons/ names a file. */
  readonly fileExists: (path: string) => boolean;
}

/** Checks one block; returns it with computed fields (a predict's answer). */
function checkBlock(b: Block, lesson: Lesson, err: (line: number, m: string) => void): Block {
  switch (b.kind) {
    case 'simulator':
      runnable(b.setup);
      return b;
    case 'terminal': {
      const r = runnable(b.setup);
      const commands = validationCommands(b.setup.scenario);
      for (const l of b.lines) {
        if (!r.full.actors.includes(l.actor)) {
          err(l.line, `terminal: "${l.actor}" is not an actor of scenario "${b.setup.scenario}" (${r.full.actors.join(', ')})`);
          continue;
        }
        try {
          validateCommandLine(l.command, commands);
        } catch (e) {
          err(l.line, `terminal: ${l.actor}$ ${l.command}: ${(e as Error).message}`);
        }
      }
      return b;
    }
    case 'predict': {
      const a = answer(b.setup, b.ask);
      const values = b.options.map((o) => o.value);
      if (!values.includes(a.value))
        err(b.line, `predict ${b.id}: the model answers "${a.value}" to ${b.ask}, which is not an option (${values.join(', ')})`);
      const facts = new TraceFacts(a.trace);
      for (const o of b.options) {
        const missing = facts.missing(o.explanation.replace(/<[^>]+>/g, ' '));
        if (missing.length)
          err(b.line, `predict ${b.id}: option "${o.value}" names ${missing.join(', ')}, which the run never shows`);
      }
      return { ...b, answer: a.value };
    }
    case 'try': {
      const r = runnable(b.setup);
      if (!(r.full.goals ?? []).some((g) => g.id === b.goal)) {
        const known = (r.full.goals ?? []).map((g) => g.id).join(', ') || 'none';
        err(b.line, `try ${b.id}: scenario "${b.setup.scenario}" has no goal "${b.goal}" (goals: ${known})`);
        return b;
      }
      const terminal = b.solution
        ? lesson.sections.find((s): s is TerminalBlock => s.kind === 'terminal' && s.id === b.solution)
        : undefined;
      if (b.solution && !terminal) {
        err(b.line, `try ${b.id}: solution "${b.solution}" is not a terminal block of this chapter`);
        return b;
      }
      const run: ScenarioRun = solutionRun(b, terminal);
      const o = run.outcomes().find((x) => x.goal.id === b.goal);
      if (!o?.reached)
        err(b.line, `try ${b.id}: the ${terminal ? `solution "${terminal.id}"` : "scenario's own script"} does not reach goal "${b.goal}": ${o?.reason ?? 'no outcome'}`);
      return b;
    }
    case 'plot':
      if (!PLOT_KINDS.includes(b.plot))
        err(b.line, `plot ${b.id}: unknown kind "${b.plot}" (known: ${PLOT_KINDS.join(', ')})`);
      return b;
    case 'note':
    case 'figure':
      return b;
  }
}

/** Checks a compiled lesson; returns the lesson with answers filled, and the errors. */
export function checkLesson(c: Compiled, ctx: CourseContext): { lesson: Lesson | undefined; errors: LessonError[] } {
  const errors: LessonError[] = [];
  const err = (line: number, message: string) => errors.push({ file: c.file, line, message });
  const lesson = c.lesson;
  if (!lesson) return { lesson, errors };
  const seen = new Map<string, number>();
  const sections: Section[] = lesson.sections.map((s) => {
    if (!isBlock(s)) return s;
    if (s.id !== '') {
      const first = seen.get(s.id);
      if (first !== undefined) err(s.line, `block id "${s.id}" already used at line ${first}`);
      else seen.set(s.id, s.line);
    }
    if (s.kind === 'figure' && !ctx.fileExists(s.src))
      err(s.line, `figure ${s.id}: no file lessons/${s.src}`);
    try {
      return checkBlock(s, lesson, err);
    } catch (e) {
      if (!(e instanceof SetupError) && !(e instanceof Error)) throw e;
      err(s.line, `${s.kind}${s.id ? ` ${s.id}` : ''}: ${(e as Error).message}`);
      return s;
    }
  });
  for (const l of c.links) {
    if (l.kind === 'bad') err(l.line, `link "${l.href}": use a chapter slug, #block-id, ?simulator-query or http(s)://`);
    else if (l.kind === 'anchor' && !seen.has(l.anchor)) err(l.line, `link "#${l.anchor}": no block with that id in this chapter`);
    else if (l.kind === 'chapter') {
      const key = ctx.chapters[l.slug];
      if (!key && plannedKey(l.slug))
        errors.push({ file: c.file, line: l.line, warning: true, message: `link "${l.slug}": chapter ${plannedKey(l.slug)} is not written yet` });
      else if (!key) err(l.line, `link "${l.slug}": no chapter with that slug (${Object.keys(ctx.chapters).join(', ')})`);
      else if (l.anchor && !ctx.blockIds[`${key}.${lesson.lang}`]?.has(l.anchor))
        err(l.line, `link "${l.slug}#${l.anchor}": chapter ${key} has no block "${l.anchor}"`);
    } else if (l.kind === 'simulator') {
      const problems: string[] = [];
      parseState(l.query, (p) => problems.push(`${p.param}=${p.value} (${p.kind})`));
      if (problems.length) err(l.line, `link "${l.query}": the simulator cannot use ${problems.join(', ')}`);
    }
  }
  return { lesson: { ...lesson, sections }, errors };
}
