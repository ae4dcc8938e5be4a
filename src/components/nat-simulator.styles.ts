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
  /* No side column shown (an embedded simulator whose panels leave out the goals): no track for it. */
  .grid:has(> .side[hidden]) {
    grid-template-columns: minmax(0, 1fr);
  }
  .main,
  .side {
    display: grid;
    gap: 8px;
    min-width: 0;
  }
  .main {
    container-type: inline-size;
  }
  .tables {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
    gap: 8px;
  }
  /*
   * Two NAT tables side by side need about 340 px each for a mapping row and its "Permits from"
   * column; a narrower main column (a lab run beside its prediction at 1280 px) stacks them.
   */
  @container (max-width: 719px) {
    .tables {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  /*
   * The terminals stay docked at the bottom of the window on desktop, so the stage, the step's
   * narration and every terminal are in view together whatever the tables above them show.
   */
  .terminals {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 8px;
    position: sticky;
    bottom: 0;
    z-index: 2;
    height: 196px;
    padding-top: 6px;
    background: var(--bg);
    box-shadow: 0 -8px 10px -6px rgb(0 0 0 / 60%);
  }
  :host([embedded]) .terminals {
    position: static;
    box-shadow: none;
  }
  .terminals > nat-terminal {
    min-height: 0;
    height: 100%;
    overflow: hidden;
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
  @media (max-height: 620px) {
    .terminals {
      position: static;
      box-shadow: none;
    }
  }
  @media (max-width: 760px) {
    .terminals {
      grid-template-columns: minmax(0, 1fr);
      position: static;
      height: auto;
      box-shadow: none;
    }
    .tables {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;
