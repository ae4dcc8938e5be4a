/**
 * <nat-controls>: the playback bar (first, back, play/pause, step, last, speed, a timeline to
 * scrub with ticks at every typed command, and where we are in events and virtual time). It
 * only emits `nat-playback` commands; nat-app owns the machine.
 */
import { LitElement, css, html, svg } from 'lit';
import { live } from 'lit/directives/live.js';
import { nextIndex } from '../app/marks.ts';
import type { Marks } from '../app/marks.ts';
import { nodeName } from '../app/narrate.ts';
import { SPEEDS } from '../machines/playback.ts';
import type { PlaybackEvent } from '../machines/playback.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { emit } from './events.ts';
import { panelStyles } from './styles.ts';

const ICON = {
  first: svg`<path d="M3 2v12M13 2 6 8l7 6z"/>`,
  back: svg`<path d="M12 2 4 8l8 6z"/>`,
  play: svg`<path d="M4 2l10 6-10 6z"/>`,
  pause: svg`<path d="M4 2h3v12H4zM9 2h3v12H9z"/>`,
  step: svg`<path d="M4 2l8 6-8 6z"/>`,
  last: svg`<path d="M13 2v12M3 2l7 6-7 6z"/>`,
};

/** The playback bar. */
export class NatControls extends LitElement {
  static override properties = {
    locale: { type: String },
    index: { type: Number },
    total: { type: Number },
    playing: { type: Boolean },
    speed: { type: Number },
    now: { type: Number },
    marks: { attribute: false },
  };

  locale: Lang = 'es';
  index = 0;
  total = 0;
  playing = false;
  speed = 1;
  /** Virtual time of the current event, ms. */
  now = 0;
  /** Commands typed and packets sent, for ticks and jumps. */
  marks: Marks = { commands: [], packets: [] };

  static override styles = [
    panelStyles,
    css`
      .bar {
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 6px 10px;
        flex-wrap: wrap;
      }
      .btns {
        display: flex;
        gap: 4px;
      }
      .btns button {
        width: 36px;
        padding: 0;
        display: grid;
        place-items: center;
      }
      .btns button.play {
        width: 44px;
        border-color: var(--accent);
      }
      svg.icon {
        width: 14px;
        height: 14px;
        fill: currentColor;
        stroke: currentColor;
        stroke-width: 1.4;
      }
      .scrub {
        flex: 1 1 220px;
        position: relative;
        min-width: 160px;
        height: 30px;
        display: flex;
        align-items: center;
      }
      .scrub input {
        width: 100%;
        accent-color: var(--accent);
        padding: 0;
        border: 0;
        background: none;
        min-height: 0;
      }
      .ticks {
        position: absolute;
        left: 8px;
        right: 8px;
        top: 2px;
        height: 6px;
        pointer-events: none;
      }
      .ticks i {
        position: absolute;
        width: 2px;
        height: 6px;
        background: var(--nat);
        opacity: 0.7;
      }
      .ticks b {
        position: absolute;
        top: -12px;
        transform: translateX(-50%);
        font: 600 var(--fs-xs)/1 var(--mono);
        color: var(--nat);
      }
      .jumps {
        display: flex;
        gap: 4px;
      }
      .jumps button {
        font-size: var(--fs-xs);
        padding: 2px 8px;
      }
      .where {
        font-family: var(--mono);
        font-size: var(--fs-xs);
        color: var(--muted);
        min-width: 190px;
        text-align: right;
      }
      .where b {
        color: var(--text);
        font-weight: 600;
      }
      label.speed {
        display: flex;
        gap: 4px;
        align-items: center;
        color: var(--muted);
        font-size: var(--fs-xs);
      }
      @media (max-width: 640px) {
        .where {
          min-width: 0;
          text-align: left;
          order: 3;
        }
        .scrub {
          order: 4;
          flex-basis: 100%;
        }
      }
    `,
  ];

  private send(e: PlaybackEvent): void {
    emit(this, 'nat-playback', e);
  }

  private button(name: keyof typeof ICON, label: string, e: PlaybackEvent, disabled: boolean) {
    return html`<button
      class=${name}
      data-action=${name}
      aria-label=${label}
      title=${label}
      ?disabled=${disabled}
      @click=${() => this.send(e)}
    >
      <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">${ICON[name]}</svg>
    </button>`;
  }

  /** A button that seeks to the previous or next landmark, disabled when there is none. */
  private jump(
    key: 'prevCommand' | 'nextCommand' | 'nextPacket',
    text: string,
    at: readonly number[],
    dir: 1 | -1,
  ) {
    const to = nextIndex(at, this.index, dir);
    const label = t(this.locale, key);
    return html`<button
      data-action=${key}
      aria-label=${label}
      title=${label}
      ?disabled=${to === undefined}
      @click=${() => to !== undefined && this.send({ type: 'SEEK', index: to })}
    >
      ${text}
    </button>`;
  }

  /**
   * A tick per command; labelled with who typed it (first letter) where ticks are far enough
   * apart to read, the whole command in the tooltip.
   */
  private ticksView() {
    const total = Math.max(1, this.total);
    const width = this.getBoundingClientRect().width || 600;
    let lastLabel = -Infinity;
    return this.marks.commands.map((c) => {
      const x = c.index / total;
      const show = (x - lastLabel) * width > 22;
      if (show) lastLabel = x;
      const who = nodeName(this.locale, c.actor);
      return html`<i style="left:${x * 100}%" title="${who}$ ${c.text}"></i>${
          show ? html`<b style="left:${x * 100}%">${who.slice(0, 1)}</b>` : ''
        }`;
    });
  }

  override render() {
    const tr = (k: Parameters<typeof t>[1], p?: Record<string, string | number>) =>
      t(this.locale, k, p);
    const atStart = this.index <= 0;
    const atEnd = this.index >= this.total;
    return html`<div class="bar panel" role="toolbar" aria-label=${tr('controls')}>
      <div class="btns">
        ${this.button('first', tr('first'), { type: 'FIRST' }, atStart)}
        ${this.button('back', tr('back'), { type: 'BACK' }, atStart)}
        ${
          this.playing
            ? this.button('pause', tr('pause'), { type: 'PAUSE' }, false)
            : this.button('play', tr('play'), { type: 'PLAY' }, this.total === 0)
        }
        ${this.button('step', tr('step'), { type: 'STEP' }, atEnd)}
        ${this.button('last', tr('last'), { type: 'LAST' }, atEnd)}
      </div>
      <div class="jumps">
        ${this.jump(
          'prevCommand',
          '◂ $',
          this.marks.commands.map((c) => c.index),
          -1,
        )}
        ${this.jump(
          'nextCommand',
          '$ ▸',
          this.marks.commands.map((c) => c.index),
          1,
        )}
        ${this.jump('nextPacket', tr('packetShort') + ' ▸', this.marks.packets, 1)}
      </div>
      <label class="speed"
        >${tr('speed')}
        <select
          data-action="speed"
          .value=${live(String(this.speed))}
          @change=${(e: Event) =>
            this.send({ type: 'SPEED', speed: Number((e.target as HTMLSelectElement).value) })}
        >
          ${SPEEDS.map(
            (s) => html`<option value=${s} ?selected=${s === this.speed}>${s}×</option>`,
          )}
        </select></label
      >
      <div class="scrub">
        <div class="ticks" aria-hidden="true">${this.ticksView()}</div>
        <input
          type="range"
          data-action="seek"
          min="0"
          max=${this.total}
          .value=${live(String(this.index))}
          aria-label=${tr('timeline')}
          aria-valuetext=${tr('stepOf', { index: this.index, total: this.total })}
          @input=${(e: Event) =>
            this.send({ type: 'SEEK', index: Number((e.target as HTMLInputElement).value) })}
        />
      </div>
      <div class="where" aria-live="polite">
        <b data-testid="step">${tr('stepOf', { index: this.index, total: this.total })}</b> ·
        ${tr('virtualTime', { time: (this.now / 1000).toFixed(3) })}
      </div>
    </div>`;
  }
}

customElements.define('nat-controls', NatControls);

declare global {
  interface HTMLElementTagNameMap {
    'nat-controls': NatControls;
  }
}
