/**
 * The matrix page's CSS: the grid of verdict cells with short, unclipped column headers
 * (horizontal and wrapping on wide screens, upright-rotated on phones), verdict colours, and the
 * detail column.
 */
import { css } from 'lit';

/** Styles of <nat-matrix>. */
export const matrixStyles = css`
  .page {
    padding: 14px 16px;
  }
  h1 {
    margin: 0 0 4px;
    font-size: var(--fs-xl);
  }
  .intro {
    margin: 0 0 10px;
    color: var(--muted);
    max-width: 80ch;
  }
  .progress {
    color: var(--nat);
    font-size: var(--fs-xs);
  }
  .layout {
    display: grid;
    grid-template-columns: auto minmax(260px, 1fr);
    gap: 16px;
    align-items: start;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: separate;
    border-spacing: 3px;
  }
  th {
    font-weight: 500;
    font-size: var(--fs-xs);
    color: var(--muted);
    text-align: right;
    white-space: nowrap;
    padding-right: 6px;
  }
  th.col {
    vertical-align: bottom;
    text-align: center;
    padding: 0 0 4px;
    min-width: 56px;
    white-space: normal;
    line-height: 1.2;
  }
  th[scope='row'] .short {
    display: none;
  }
  .asym {
    color: var(--text);
  }
  th.corner {
    vertical-align: bottom;
    font-size: var(--fs-xs);
    color: var(--faint);
  }
  th.corner span {
    display: block;
  }
  .cell {
    width: 52px;
    height: 34px;
    text-align: center;
    font: 600 var(--fs-m) var(--mono);
    border-radius: 5px;
    cursor: pointer;
    border: 2px solid transparent;
    display: table-cell;
  }
  span.cell {
    display: inline-grid;
    place-items: center;
    width: 34px;
    height: 24px;
    margin-right: 8px;
  }
  .cell.pending {
    background: var(--panel-2);
    color: var(--faint);
  }
  .cell.direct {
    background: color-mix(in srgb, var(--ok) 32%, var(--panel));
    color: #d9f7df;
  }
  .cell.fails {
    background: color-mix(in srgb, var(--accent) 28%, var(--panel));
    color: #d8f0ff;
  }
  .cell.port-prediction {
    background: color-mix(in srgb, var(--nat) 32%, var(--panel));
    color: #fff1d6;
  }
  .cell.relay {
    background: color-mix(in srgb, var(--bad) 30%, var(--panel));
    color: #ffe0de;
  }
  .cell.focused {
    border-color: var(--text);
  }
  .detail h2 {
    font-size: var(--fs-l);
    text-transform: none;
    letter-spacing: 0;
    color: var(--text);
  }
  .verdict {
    font-weight: 600;
    margin: 6px 0;
  }
  .verdict.direct {
    color: var(--ok);
  }
  .verdict.fails {
    color: var(--accent);
  }
  .verdict.port-prediction {
    color: var(--nat);
  }
  .verdict.relay {
    color: var(--bad);
  }
  .reason {
    font: var(--fs-xs)/1.45 var(--mono);
    color: var(--muted);
    word-break: break-word;
  }
  .actions {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
    margin-bottom: 14px;
  }
  .legend {
    list-style: none;
    padding: 0;
    margin: 6px 0 0;
    display: grid;
    gap: 4px;
    font-size: var(--fs-s);
  }
  @media (max-width: 900px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  @media (max-width: 640px) {
    .cell {
      width: 30px;
      height: 28px;
      font-size: var(--fs-xs);
    }
    th.col {
      min-width: 0;
      padding: 0 0 4px;
    }
    th.col .short {
      display: inline-block;
      writing-mode: vertical-rl;
      transform: rotate(180deg);
      white-space: nowrap;
    }
    th[scope='row'] .long {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    th[scope='row'] .short {
      display: inline;
    }
    th {
      font-size: var(--fs-xs);
      padding-right: 2px;
    }
  }
`;
