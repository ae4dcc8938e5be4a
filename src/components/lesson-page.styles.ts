/**
 * The chapter page's CSS: a reading column, the title block, notes and figures, the pager.
 */
import { css } from 'lit';

/** Styles of <lesson-page> and <lesson-index>. */
export const pageStyles = css`
  article,
  .pager,
  .index {
    max-width: 820px;
    margin: 0 auto;
    padding: 0 16px;
  }
  h1 {
    font-size: 30px;
    line-height: 1.2;
    margin: 4px 0 8px;
  }
  .prose :is(h2, h3) {
    margin: 1.6em 0 0.4em;
    line-height: 1.25;
  }
  /* A chapter's Markdown tables: headings over their columns, a rule between rows, scrolling
     sideways inside the column rather than widening the page on a phone. */
  .prose table {
    display: block;
    max-width: 100%;
    overflow-x: auto;
    border-collapse: collapse;
    margin: 0.8em 0;
  }
  .prose :is(th, td) {
    text-align: start;
    vertical-align: top;
    padding: 4px 16px 4px 0;
    border-bottom: 1px solid var(--line);
  }
  .prose th {
    border-bottom: 2px solid var(--line-2);
  }
  .eyebrow {
    margin: 18px 0 0;
    color: var(--muted);
    font-size: var(--fs-m);
    text-transform: uppercase;
    letter-spacing: 0.06em;
  }
  .summary {
    color: var(--muted);
    font-size: 17px;
    margin: 0 0 18px;
  }
  section[data-block] {
    scroll-margin-top: 64px;
  }
  section[data-block]:focus {
    outline: none;
  }
  section[data-block='simulator'],
  section[data-block='predict'],
  section[data-block='terminal'],
  section[data-block='try'] {
    width: min(1240px, 100vw - 24px);
    margin-left: 50%;
    transform: translateX(-50%);
  }
  section[data-block] > * > .block,
  section[data-block] > .block {
    max-width: 100%;
  }
  .note.warning {
    border-left: 4px solid var(--nat);
  }
  .note.info {
    border-left: 4px solid var(--accent);
  }
  .note.history {
    border-left: 4px solid var(--muted);
  }
  .figure img {
    max-width: 100%;
    height: auto;
    background: #fff;
    border-radius: 4px;
  }
  .pager {
    display: flex;
    justify-content: space-between;
    gap: 12px;
    margin: 32px auto 48px;
    flex-wrap: wrap;
  }
  .pager a {
    color: var(--accent);
  }
  @media print {
    :host {
      color: #000;
    }
    .pager {
      display: none;
    }
    .summary,
    .eyebrow {
      color: #333;
    }
    section[data-block] {
      width: auto;
      margin-left: 0;
      transform: none;
    }
  }
`;
