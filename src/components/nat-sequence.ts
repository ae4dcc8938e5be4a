/**
 * <nat-sequence>: the run as a sequence (ladder) diagram: lane names on top, the diagram in a box
 * of its own that scrolls to the current event, and the current event in words below. One tab
 * stop: arrow keys move between arrows, rewrites, drops and groups, Enter seeks there (or opens a
 * group); a click does the same. Emits `nat-playback` SEEK.
 */
import { LitElement, html, nothing } from 'lit';
import { select } from 'd3';
import type { Selection } from 'd3';
import type { RunRecord } from '../app/timeline.ts';
import { sequenceModel } from '../app/sequence.ts';
import { neverArrived, rowsOf } from '../app/sequence-fate.ts';
import type { NeverArrived } from '../app/sequence-fate.ts';
import type { PacketRow } from '../app/sequence.ts';
import { narrate, nodeName } from '../app/narrate.ts';
import { dropText } from '../i18n/drops.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { layoutSequence } from '../views/sequence-layout.ts';
import type { SequenceLayout, SequenceWords } from '../views/sequence-layout.ts';
import { drawSequence } from '../views/sequence.ts';
import { emit } from './events.ts';
import { captionToneStyles, panelStyles } from './styles.ts';
import { sequenceStyles } from './nat-sequence.styles.ts';
import { neverList, neverSentences } from './nat-sequence-never.ts';

/** A duration for people: `400 ms`, `1.5 s`, `130 s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000)} s`;
}

/** The sequence diagram. */
export class NatSequence extends LitElement {
  static override properties = {
    locale: { type: String },
    timeline: { attribute: false },
    index: { type: Number },
    width: { state: true },
    expanded: { state: true },
    focused: { state: true },
    marked: { attribute: false },
  };

  locale: Lang = 'es';
  timeline: RunRecord | undefined;
  /** Packets drawn marked (a real run's datagrams that differ from the prediction). */
  marked: ReadonlySet<number> | undefined;
  index = 0;
  private width = 0;
  private expanded: ReadonlySet<string> = new Set();
  /** The focus stop's id while the keyboard moves between stops. */
  private focused: string | undefined;
  private layout: SequenceLayout | undefined;
  /** The datagrams so far that never arrived, and their sentences by packet id. */
  private never: readonly NeverArrived[] = [];
  private neverWords = new Map<number, string>();
  private observer: ResizeObserver | undefined;
  private scrolledTo = -1;

  static override styles = [panelStyles, captionToneStyles, sequenceStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0);
      if (w > 0 && Math.abs(w - this.width) > 2) this.width = w;
    });
  }

  override firstUpdated(): void {
    const box = this.renderRoot.querySelector('.scroll');
    if (box) this.observer?.observe(box);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('timeline') && changed.get('timeline') !== undefined) {
      this.expanded = new Set();
      this.focused = undefined;
    }
    const tl = this.timeline;
    if (!tl || this.width <= 0) return;
    const words: SequenceWords = {
      drop: (r: PacketRow) =>
        r.end?.kind === 'dropped' ? dropText(this.locale, r.end.reason) : '',
      lost: () => t(this.locale, 'seqLostLabel'),
      group: (n, [a, b]) =>
        t(this.locale, 'seqGroup', {
          n,
          every:
            a === b ? duration(a) : b < 1000 ? `${a}–${b} ms` : `${duration(a)}–${duration(b)}`,
        }),
      gap: (ms) => (ms > 0 ? `+${duration(ms)}` : ''),
      time: (ms) => (ms < 100_000 ? `${(ms / 1000).toFixed(1)} s` : duration(ms)),
      expired: t(this.locale, 'seqExpired'),
    };
    const model = sequenceModel(tl.scenario.topology, tl.events, this.index, {
      expanded: this.expanded,
      complete: tl.complete === true,
    });
    this.never = neverArrived(rowsOf(model.items));
    this.neverWords = neverSentences(this.locale, this.never);
    this.layout = layoutSequence(model, Math.max(300, this.width), words);
    if (this.focused && !this.layout.focus.some((f) => f.id === this.focused))
      this.focused = undefined;
  }

  /** Event `index` in words; for a datagram that never arrived, its fate after. */
  private eventWords(index: number, packet?: number): string {
    const e = this.timeline?.events[index - 1];
    if (!e) return '';
    const n = narrate(this.locale, e);
    const fate = packet === undefined ? undefined : this.neverWords.get(packet);
    return `#${index} ${n.title}\n${n.detail}${fate ? `\n${fate}` : ''}`;
  }

  private seek(index: number): void {
    emit(this, 'nat-playback', { type: 'SEEK', index });
  }

  private toggle(key: string): void {
    const next = new Set(this.expanded);
    if (!next.delete(key)) next.add(key);
    this.expanded = next;
  }

  override updated(): void {
    const svg = this.renderRoot.querySelector('svg');
    const box = this.renderRoot.querySelector<HTMLElement>('.scroll');
    const layout = this.layout;
    if (!svg || !box || !layout) return;
    select(svg)
      .attr('width', layout.width)
      .attr('height', layout.height)
      .attr('viewBox', `0 0 ${layout.width} ${layout.height}`);
    const root = select(svg)
      .selectAll<SVGGElement, string>('g.root')
      .data(['root'])
      .join('g')
      .attr('class', 'root') as unknown as Selection<SVGGElement, unknown, null, undefined>;
    drawSequence(root, layout, {
      current: this.index,
      focused: this.focused,
      onSeek: (i) => this.seek(i),
      onToggle: (k) => this.toggle(k),
      title: (i, packet) => this.eventWords(i, packet),
      marked: this.marked,
    });
    for (const stop of layout.focus) {
      const el = svg.querySelector(`[id="${stop.id}"]`);
      el?.setAttribute('role', 'option');
      el?.setAttribute('aria-selected', String(stop.index === this.index && stop.kind !== 'group'));
      el?.setAttribute(
        'aria-label',
        stop.kind === 'group'
          ? (el.querySelector('title')?.textContent ?? '')
          : this.eventWords(stop.index, stop.packet),
      );
    }
    const stop = layout.focus.find((f) => f.id === this.focused);
    if (stop) this.reveal(box, stop.y);
    else if (this.scrolledTo !== this.index) this.reveal(box, layout.nowY);
    this.scrolledTo = this.index;
  }

  /** Scrolls the diagram so that `y` is in view, with some context above it. */
  private reveal(box: HTMLElement, y: number): void {
    if (y < box.scrollTop + 24 || y > box.scrollTop + box.clientHeight - 40)
      box.scrollTop = Math.max(0, y - box.clientHeight * 0.55);
  }

  private onKey = (e: KeyboardEvent): void => {
    const stops = this.layout?.focus ?? [];
    if (!stops.length) return;
    let at = stops.findIndex((s) => s.id === this.focused);
    if (at < 0) {
      // Start from the current event, or the last stop before it.
      const before = stops.filter((s) => s.index <= this.index);
      at = before.length ? stops.indexOf(before.at(-1) as (typeof stops)[number]) : 0;
      if (!['Enter', ' '].includes(e.key))
        at -= e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : -1;
    }
    const go = (i: number) =>
      (this.focused = stops[Math.max(0, Math.min(stops.length - 1, i))]?.id);
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        go(at + 1);
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        go(at - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(stops.length - 1);
        break;
      case 'Enter':
      case ' ': {
        const s = stops[Math.max(0, at)];
        if (!s) return;
        this.focused = s.id;
        if (s.kind === 'group' && s.key) this.toggle(s.key);
        else this.seek(s.index);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  override render() {
    const tl = this.timeline;
    const lanes = tl ? sequenceLanes(tl) : [];
    const e = tl?.events[this.index - 1];
    const n = e ? narrate(this.locale, e) : undefined;
    const g = this.layout?.gutter ?? 60;
    const r = this.width < 560 ? 14 : 22;
    // An empty diagram has no options: it is a plain region until the first arrow.
    const listbox = (this.layout?.arrows.length ?? 0) > 0;
    return html`<section class="panel" aria-label=${t(this.locale, 'seqTitle')}>
      <div
        class="head"
        aria-hidden="true"
        style="grid-template-columns: ${g}px repeat(${lanes.length}, minmax(0, 1fr)) ${r}px"
      >
        <span></span
        >${lanes.map((id) => html`<span class="lane-name ${id}" data-lane=${id}>${nodeName(this.locale, id)}</span>`)}<span
        ></span>
      </div>
      <div
        class="scroll"
        tabindex="0"
        role=${listbox ? 'listbox' : 'region'}
        aria-label=${t(this.locale, 'seqHelp')}
        aria-activedescendant=${listbox ? (this.focused ?? '') : nothing}
        @keydown=${this.onKey}
        @blur=${() => (this.focused = undefined)}
      >
        <svg role="none"></svg>
        ${this.layout?.arrows.length ? '' : html`<p class="empty muted">${t(this.locale, 'seqEmpty')}</p>`}
      </div>
      <div class="caption ${n?.tone ?? 'idle'}" data-testid="seq-caption">
        ${
          n
            ? html`<span class="idx">${this.index}.</span> <span class="title">${n.title}</span>
                <code class="detail">${n.detail}</code>`
            : html`<span class="title muted">${t(this.locale, 'noEventYet')}</span>`
        }
      </div>
      ${neverList(this.locale, this.never)}
    </section>`;
  }
}

/** Lane ids of a timeline's topology, cached per timeline. */
const laneCache = new WeakMap<RunRecord, readonly string[]>();
function sequenceLanes(tl: RunRecord): readonly string[] {
  let ids = laneCache.get(tl);
  if (!ids) {
    ids = sequenceModel(tl.scenario.topology, [], 0).lanes.map((l) => l.id);
    laneCache.set(tl, ids);
  }
  return ids;
}

customElements.define('nat-sequence', NatSequence);

declare global {
  interface HTMLElementTagNameMap {
    'nat-sequence': NatSequence;
  }
}
