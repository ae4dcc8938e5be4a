/**
 * The simulator page's grid: main column (stage, tables, terminals) and side column (goals,
 * inspector, log) at desktop widths, one column on phones.
 */
import { css } from 'lit';

/** Styles of <nat-simulator>. */
export const simulatorStyles = css`
  :host {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 8px;
  }
  .grid {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 330px;
    gap: 8px;
    align-items: start;
  }
  .main,
  .side {
    display: grid;
    gap: 8px;
    min-width: 0;
  }
  .tables {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
    gap: 8px;
  }
  .terminals {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 8px;
  }
  .views {
    display: flex;
    gap: 4px;
    margin-bottom: -4px;
  }
  .views button {
    min-height: 26px;
    padding: 1px 10px;
    font-size: var(--fs-m);
  }
  .views button[aria-pressed='true'] {
    border-color: var(--accent);
    color: var(--accent);
  }
  [hidden] {
    display: none !important;
  }
  .limit {
    margin: 0;
    padding: 6px 10px;
    border: 1px solid var(--bad);
    border-radius: 6px;
    font-size: var(--fs-m);
  }
  :host([presenting]) nat-inspector,
  :host([presenting]) nat-event-log,
  :host([presenting]) .keys {
    display: none;
  }
  :host([presenting]) .grid {
    grid-template-columns: minmax(0, 1fr) 380px;
  }
  .keys {
    font-size: var(--fs-xs);
    margin: 0;
  }
  @media (max-width: 1100px) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  @media (max-width: 760px) {
    .terminals {
      grid-template-columns: minmax(0, 1fr);
    }
    .tables {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;
