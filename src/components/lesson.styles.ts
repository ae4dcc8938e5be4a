/**
 * The course's CSS shared by the lesson elements: reading column, block frames, prose, buttons,
 * and print rules (prose and static views only, no controls).
 */
import { css } from 'lit';

/** Styles of lesson blocks and pages. */
export const lessonStyles = css`
  :host {
    display: block;
  }
  .block {
    border: 1px solid var(--line);
    border-radius: 8px;
    background: var(--panel);
    padding: 12px 14px;
    margin: 18px 0;
  }
  .block > h3,
  .kind {
    margin: 0 0 6px;
    font-size: var(--fs-s);
    text-transform: uppercase;
    letter-spacing: 0.06em;
    color: var(--muted);
  }
  .prose,
  .body {
    line-height: 1.6;
    font-size: 16px;
  }
  .prose :is(p, ul, ol),
  .body :is(p, ul, ol) {
    margin: 0.6em 0;
  }
  code,
  pre {
    font-family: var(--mono);
    font-size: 0.92em;
    background: var(--panel-2);
    border-radius: 4px;
  }
  code {
    padding: 1px 4px;
  }
  pre {
    padding: 8px 10px;
    overflow-x: auto;
  }
  pre code {
    padding: 0;
  }
  pre .line {
    display: block;
  }
  pre .actor {
    color: var(--muted);
  }
  a {
    color: var(--accent);
  }
  button {
    font: inherit;
    color: var(--text);
    background: var(--panel-2);
    border: 1px solid var(--line-2);
    border-radius: 6px;
    padding: 6px 12px;
    cursor: pointer;
  }
  button:hover {
    border-color: var(--accent);
  }
  :focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: 2px;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 8px 0;
    display: grid;
    gap: 6px;
  }
  fieldset label {
    display: flex;
    gap: 8px;
    align-items: baseline;
    padding: 6px 8px;
    border: 1px solid var(--line);
    border-radius: 6px;
    cursor: pointer;
  }
  fieldset label.answer {
    border-color: var(--ok);
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .controls {
    display: flex;
    gap: 10px;
    align-items: center;
    flex-wrap: wrap;
    margin: 8px 0;
  }
  .ok {
    color: var(--ok);
  }
  .bad {
    color: var(--bad);
  }
  .muted {
    color: var(--muted);
  }
  @media print {
    button,
    .controls,
    lesson-simulator {
      display: none !important;
    }
    .block {
      break-inside: avoid;
      background: none;
      border-color: #999;
    }
    a {
      color: inherit;
    }
  }
`;
