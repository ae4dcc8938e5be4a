/**
 * <nat-picker>'s CSS: the preset row, the knobs' disclosure and grid, the lifetime field and its
 * message.
 */
import { css } from 'lit';

/** Styles of <nat-picker>. */
export const natPickerStyles = css`
  .row {
    display: flex;
    gap: 6px;
    align-items: center;
    flex-wrap: wrap;
  }
  select.preset {
    width: 100%;
    min-width: 0;
    flex: 1 1 0;
  }
  :host {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    align-items: center;
  }
  .row {
    flex: 1 1 170px;
    min-width: 0;
  }
  details {
    font-size: var(--fs-xs);
  }
  details[open] {
    flex-basis: 100%;
  }
  summary {
    cursor: pointer;
    color: var(--muted);
  }
  .knobs {
    display: grid;
    grid-template-columns: minmax(110px, auto) minmax(0, 1fr);
    gap: 4px 8px;
    align-items: center;
    margin-top: 6px;
  }
  .knobs select {
    width: 100%;
    min-width: 0;
  }
  .knobs input[type='checkbox'] {
    justify-self: start;
    min-height: 0;
    width: 16px;
    height: 16px;
    padding: 0;
    margin: 0;
    accent-color: var(--accent);
  }
  .knobs select,
  .knobs input[type='number'] {
    min-height: 26px;
    padding: 2px 4px;
    font-size: var(--fs-xs);
  }
  .knobs input[type='number'] {
    width: 90px;
  }
  .custom {
    color: var(--nat);
    font-size: var(--fs-xs);
  }
  .about {
    flex-basis: 100%;
    margin: 0;
    color: var(--muted);
    font-size: var(--fs-xs);
  }
  .invalid {
    grid-column: 1 / -1;
    margin: 0;
    color: var(--bad);
    font-size: var(--fs-xs);
  }
`;
