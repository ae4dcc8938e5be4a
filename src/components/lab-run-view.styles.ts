/**
 * <lab-run-view>'s layout: the predicted and the real run side by side when the element is at
 * least 1000 px wide, otherwise one at a time behind the "Predicted | Real" switch; the
 * comparison list with its differences marked by colour and by a word (never colour alone); the
 * compact "Addresses by role" table above the two runs.
 */
import { css } from 'lit';
import { panelStyles } from './styles.ts';

export const runViewStyles = [
  panelStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
    }
    h4 {
      margin: 8px 0 4px;
    }
    .switch {
      display: none;
      gap: 4px;
      margin: 4px 0;
    }
    .switch button[aria-pressed='true'] {
      background: var(--accent);
      color: var(--accent-ink, #000);
    }
    .sides {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      gap: 12px;
      align-items: start;
    }
    @container (max-width: 999px) {
      .switch {
        display: flex;
      }
      .sides {
        grid-template-columns: minmax(0, 1fr);
      }
      .sides[data-side='real'] > .predicted,
      .sides[data-side='predicted'] > .real {
        display: none;
      }
    }
    ul.diff {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 4px;
    }
    ul.diff li {
      display: flex;
      gap: 8px;
      align-items: start;
      justify-content: space-between;
      padding: 6px 8px;
      border-left: 4px solid var(--good, #2a7);
      background: var(--panel, #fff);
    }
    ul.diff li.differs {
      border-left-color: var(--bad, #c33);
      background: color-mix(in srgb, var(--bad, #c33) 12%, var(--panel, #fff));
    }
    ul.diff li.waiting {
      border-left-color: var(--line, #889);
    }
    ul.diff li button {
      flex: none;
    }
    .why {
      display: block;
      font-size: 0.92em;
    }
    .explain {
      margin-top: 2px;
    }
    .count {
      margin: 0 0 4px;
      color: var(--muted);
    }
    .addresses {
      margin: 10px 0;
      font-size: var(--fs-s, 0.9em);
    }
    .addresses table {
      border-collapse: collapse;
    }
    .addresses caption {
      text-align: left;
      font-weight: 600;
      padding-bottom: 2px;
    }
    .addresses th,
    .addresses td {
      text-align: left;
      padding: 1px 12px 1px 0;
      font-weight: normal;
    }
    .addresses thead th {
      color: var(--muted);
    }
    .addresses td {
      font-family: var(--mono);
    }
    .addresses tr.differs td {
      color: var(--nat, inherit);
    }
    .addresses .verdict {
      margin: 4px 0 0;
      color: var(--muted);
      max-width: 70ch;
    }
  `,
];
