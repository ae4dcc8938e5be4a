/**
 * The top bar's CSS: brand, page tabs, scenario bar, presentation, copy link, language.
 */
import { css } from 'lit';

/** Styles of <nat-header>. */
export const headerStyles = css`
  :host {
    display: block;
  }
  .tools button[aria-pressed='true'] {
    border-color: var(--accent);
    box-shadow: inset 0 -2px 0 var(--accent);
  }
  .top {
    display: flex;
    align-items: center;
    gap: 16px;
    padding: 8px 2px;
    border-bottom: 1px solid var(--line);
    margin-bottom: 8px;
    flex-wrap: wrap;
  }
  .brand {
    display: flex;
    align-items: baseline;
    gap: 10px;
  }
  .brand b {
    font-size: var(--fs-xl);
    letter-spacing: 0.02em;
  }
  .brand b::before {
    content: '';
    display: inline-block;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    border: 3px solid var(--nat);
    margin-right: 7px;
    vertical-align: -1px;
  }
  .brand span {
    color: var(--muted);
    font-size: var(--fs-s);
  }
  nav {
    display: flex;
    gap: 4px;
  }
  nat-scenario-bar {
    flex: 1 1 420px;
    min-width: 0;
  }
  @media (max-width: 1400px) {
    .brand span {
      display: none;
    }
  }
  nav a {
    color: var(--muted);
    text-decoration: none;
    padding: 5px 10px;
    border-radius: 6px;
    font-size: var(--fs-m);
  }
  nav a[aria-current='page'] {
    color: var(--text);
    background: var(--panel-2);
    box-shadow: inset 0 -2px 0 var(--accent);
  }
  .tools {
    margin-left: auto;
    display: flex;
    gap: 8px;
    align-items: center;
  }
  .langs {
    display: flex;
  }
  .langs button {
    border-radius: 0;
    min-width: 38px;
  }
  .langs button:first-child {
    border-radius: 6px 0 0 6px;
  }
  .langs button:last-child {
    border-radius: 0 6px 6px 0;
  }
  .langs button[aria-pressed='true'] {
    background: var(--accent);
    color: #04141f;
    border-color: var(--accent);
  }
  @media (max-width: 640px) {
    .brand span {
      display: none;
    }
    .tools {
      margin-left: 0;
    }
  }
`;
