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
  .toolbar {
    display: flex;
    gap: 12px;
    align-items: center;
    flex-wrap: wrap;
    font-size: 12px;
    color: var(--muted);
  }
  .toolbar label {
    display: flex;
    gap: 6px;
    align-items: center;
  }
  .toolbar select {
    max-width: 340px;
    min-width: 0;
  }
  .toolbar input[type='number'] {
    width: 96px;
  }
  .summary {
    margin: 0;
    flex: 1 1 300px;
    color: var(--muted);
    font-size: 12.5px;
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
  .keys {
    font-size: 11.5px;
    margin: 0;
  }
  @media (max-width: 1100px) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  @media (max-width: 640px) {
    .toolbar label:first-child {
      flex: 1 1 100%;
      min-width: 0;
    }
    .toolbar label:first-child select {
      flex: 1 1 0;
      width: 100%;
      max-width: none;
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
