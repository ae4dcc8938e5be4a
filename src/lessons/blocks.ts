/**
 * The block registry's builder: a `::: KIND attrs` container and its body lines to a typed Block
 * (attributes validated by the schemas in attributes.ts, bodies rendered to HTML at build time).
 * Adding a block kind: its schema there, its case here, its element in lesson-page.
 */
import { isKnownKind, parseOpening, validateAttributes } from './attributes.ts';
import type { Attributes, KnownKind } from './attributes.ts';
import { parsePredictBody, parseTerminalBody } from './block-body.ts';
import type { BodyError } from './block-body.ts';
import type { Block, Panel, Setup } from './types.ts';

/** Markdown to HTML, given the text and the file line it starts at. */
export interface Renderers {
  readonly render: (text: string, line: number) => string;
  readonly renderInline: (text: string, line: number) => string;
}

/** The routers a block can set a preset for, by attribute name (= router id). */
export const NAT_ATTRIBUTES = ['bob-nat', 'alice-nat', 'cgnat'] as const;

/** The default panels of an embedded simulator. */
export const DEFAULT_PANELS: readonly Panel[] = ['topology', 'tables', 'terminals', 'goals'];

type ScenarioAttrs = Attributes<'simulator' | 'predict' | 'terminal' | 'try'>;

/**
 * The scenario a predict block runs when it names none: `verdict:BOB/ALICE` the walkthrough with
 * those NATs, `stun:PRESET` the pystun walkthrough with Bob behind PRESET.
 */
export function defaultSetup(ask: string): Setup | undefined {
  const verdict = /^verdict:([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(ask);
  if (verdict)
    return { scenario: 'walkthrough', nat: { 'bob-nat': verdict[1] as string, 'alice-nat': verdict[2] as string } };
  const stun = /^stun:([a-z0-9-]+)$/.exec(ask);
  if (stun) return { scenario: 'walkthrough-stun', nat: { 'bob-nat': stun[1] as string } };
  return undefined;
}

/** A block's Setup from its scenario attributes. */
export function setupOf(a: Omit<ScenarioAttrs, 'scenario'> & { scenario: string }): Setup {
  const nat: Record<string, string> = {};
  for (const k of NAT_ATTRIBUTES) if (a[k] !== undefined) nat[k] = a[k];
  return {
    scenario: a.scenario,
    nat,
    ...(a.seed === undefined ? {} : { seed: a.seed }),
    ...(a.stopAfter === undefined ? {} : { stopAfter: a.stopAfter }),
  };
}

function build<K extends KnownKind>(
  kind: K,
  a: Attributes<K>,
  body: readonly string[],
  line: number,
  r: Renderers,
  errors: BodyError[],
): Block {
  const text = body.join('\n');
  const html = r.render(text, line + 1);
  switch (kind) {
    case 'simulator': {
      const s = a as Attributes<'simulator'>;
      const panels = s.panels ?? DEFAULT_PANELS;
      return { kind, id: s.id, line, html, setup: setupOf(s), panels, step: s.step ?? 0 };
    }
    case 'predict': {
      const p = a as Attributes<'predict'>;
      const b = parsePredictBody(body, line + 1);
      errors.push(...b.errors);
      const options = b.options.map((o) => ({
        value: o.value,
        label: r.renderInline(o.label.text, o.label.line),
        explanation: r.render(o.explanation.text, o.explanation.line),
      }));
      const question = r.render(b.question.text, b.question.line);
      const fallback = p.scenario === undefined ? defaultSetup(p.ask) : undefined;
      if (p.scenario === undefined && !fallback)
        errors.push({ line, message: 'predict: missing attribute "scenario" (only verdict: and stun: questions have a default)' });
      const setup = fallback
        ? { ...fallback, ...(p.seed === undefined ? {} : { seed: p.seed }) }
        : setupOf({ ...p, scenario: p.scenario ?? 'walkthrough' });
      return { kind, id: p.id, line, html: question, setup, step: p.step ?? 'end', ask: p.ask, options, answer: '' };
    }
    case 'terminal': {
      const t = a as Attributes<'terminal'>;
      const b = parseTerminalBody(body, line + 1);
      errors.push(...b.errors);
      return { kind, id: t.id, line, html: '', setup: setupOf(t), lines: b.commands };
    }
    case 'try': {
      const t = a as Attributes<'try'>;
      if (text.trim() === '') errors.push({ line, message: 'try: the body (the task) is empty' });
      return { kind, id: t.id, line, html, setup: setupOf(t), goal: t.goal, solution: t.solution };
    }
    case 'note': {
      const n = a as Attributes<'note'>;
      return { kind, id: n.id ?? '', line, html, tone: n.kind ?? 'info' };
    }
    case 'figure': {
      const f = a as Attributes<'figure'>;
      return { kind, id: f.id, line, html, src: f.src, alt: f.alt };
    }
    case 'plot': {
      const p = a as Attributes<'plot'>;
      return { kind, id: p.id, line, html, plot: p.kind };
    }
  }
  throw new Error(`unhandled block kind ${String(kind)}`);
}

/** Builds the block opened by `::: info` at file line `line`, whose body is `body`. */
export function buildBlock(
  info: string,
  body: readonly string[],
  line: number,
  r: Renderers,
): { block: Block | undefined; errors: BodyError[] } {
  const opening = parseOpening(info);
  if ('error' in opening) return { block: undefined, errors: [{ line, message: opening.error }] };
  if (!isKnownKind(opening.kind))
    return {
      block: undefined,
      errors: [
        {
          line,
          message: `unknown block "${opening.kind}" (simulator, predict, terminal, try, note, figure, plot)`,
        },
      ],
    };
  const v = validateAttributes(opening.kind, opening.attrs);
  if ('errors' in v)
    return { block: undefined, errors: v.errors.map((message) => ({ line, message })) };
  const errors: BodyError[] = [];
  const block = build(opening.kind, v.ok, body, line, r, errors);
  return { block, errors };
}
