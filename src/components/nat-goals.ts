/**
 * <nat-goals>: the scenario's goals as judged after the current event: reached (with where),
 * missed (with the drop that stopped the packet), not yet, or undecided (the run hit its event
 * limit first).
 */
import { LitElement, css, html } from 'lit';
import type { GoalOutcome } from '../model/index.ts';
import { pick, t } from '../i18n/index.ts';
import { goalReason } from '../i18n/reasons.ts';
import type { Lang } from '../i18n/index.ts';
import { panelStyles } from './styles.ts';

type GoalState = 'reached' | 'undecided' | 'pending' | 'missed';
const WORD = {
  reached: 'reached',
  undecided: 'undecided',
  pending: 'pending',
  missed: 'notReached',
} as const satisfies Record<GoalState, string>;
const ICON: Record<GoalState, string> = { reached: '✓', undecided: '!', pending: '…', missed: '✕' };

/** The goals panel. */
export class NatGoals extends LitElement {
  static override properties = {
    locale: { type: String },
    outcomes: { attribute: false },
    final: { type: Boolean },
    heading: { attribute: false },
  };

  locale: Lang = 'es';
  outcomes: readonly GoalOutcome[] = [];
  /** Whether the run is over (then "never sent" is a miss, not "not yet"). */
  final = false;
  /** The scenario's title and summary, shown above the goals. */
  heading: { title: string; summary: string } | undefined;

  static override styles = [
    panelStyles,
    css`
      section {
        padding: 8px 10px;
      }
      .title {
        margin: 0 0 2px;
        font-weight: 600;
      }
      .summary {
        margin: 0 0 8px;
        color: var(--muted);
        font-size: var(--fs-s);
      }
      ul {
        list-style: none;
        margin: 6px 0 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
      li {
        display: grid;
        grid-template-columns: 18px 1fr;
        gap: 2px 6px;
        font-size: var(--fs-m);
      }
      .icon {
        font-weight: 700;
      }
      .reached .icon {
        color: var(--ok);
      }
      .missed .icon {
        color: var(--bad);
      }
      .pending .icon {
        color: var(--faint);
      }
      .undecided .icon {
        color: var(--nat);
      }
      .reason {
        grid-column: 2;
        font: var(--fs-xs)/1.35 var(--mono);
        color: var(--muted);
        word-break: break-word;
      }
      .missed .reason {
        color: color-mix(in srgb, var(--bad) 80%, var(--text));
      }
    `,
  ];

  override render() {
    return html`<section class="panel" aria-labelledby="goals-h">
      ${
        this.heading
          ? html`<p class="title">${this.heading.title}</p>
              <p class="summary">${this.heading.summary}</p>`
          : ''
      }
      <h2 id="goals-h">${t(this.locale, 'goals')}</h2>
      <ul>
        ${this.outcomes.map((o) => {
          // "never sent" before the packet leaves is not a failure yet, only "not yet".
          const waiting = o.cause.kind === 'never-sent' || o.cause.kind === 'in-flight';
          // A run stopped by its event limit decides nothing: "undecided", never a miss.
          const state = o.reached
            ? 'reached'
            : o.cause.kind === 'cut-short'
              ? 'undecided'
              : waiting && !this.final
                ? 'pending'
                : 'missed';
          const word = t(this.locale, WORD[state]);
          return html`<li class=${state} data-goal=${o.goal.id} data-state=${state}>
            <span class="icon" aria-hidden="true">${ICON[state]}</span>
            <span>${pick(this.locale, o.goal.label)} <span class="sr-only">${word}</span></span>
            ${state === 'pending' ? '' : html`<span class="reason">${goalReason(this.locale, o)}</span>`}
          </li>`;
        })}
      </ul>
    </section>`;
  }
}

customElements.define('nat-goals', NatGoals);

declare global {
  interface HTMLElementTagNameMap {
    'nat-goals': NatGoals;
  }
}
