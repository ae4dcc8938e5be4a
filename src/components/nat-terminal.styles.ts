/**
 * The look of <nat-terminal>: the pane, its output lines (commands, stdout, stderr, the current
 * step highlighted, the newest command typed out) and the prompt line the student types into.
 */
import { css } from 'lit';

/** Styles of one terminal pane. */
export const terminalStyles = css`
  section {
    display: flex;
    flex-direction: column;
    height: 100%;
    overflow: hidden;
  }
  header {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 5px 10px;
    border-bottom: 1px solid var(--line);
  }
  header .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--tone, var(--server));
  }
  pre {
    margin: 0;
    padding: 6px 10px 10px;
    font: 11.5px/1.45 var(--mono);
    overflow: auto;
    flex: 1;
    min-height: 110px;
    max-height: var(--terminal-max, 220px);
    background: #0a0e13;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .line {
    display: block;
    cursor: pointer;
    border-left: 2px solid transparent;
    padding-left: 4px;
    margin-left: -6px;
  }
  .line.command .prompt {
    color: var(--tone, var(--server));
    user-select: none;
  }
  .line.command {
    color: #f2f5f8;
  }
  .line.stdout {
    color: #b7c2cd;
    white-space: pre;
  }
  .line.stderr {
    color: var(--bad);
  }
  .line.current {
    border-left-color: var(--accent);
    background: color-mix(in srgb, var(--accent) 10%, transparent);
  }
  /* Typed out left to right; clipping (not resizing) keeps a long command wrapped in place. */
  .line.typing .text {
    animation: type 0.5s steps(30, end);
  }
  @keyframes type {
    from {
      clip-path: inset(0 100% 0 0);
    }
    to {
      clip-path: inset(0 0 0 0);
    }
  }
  .empty {
    color: var(--faint);
    font-style: italic;
  }
  .cursor {
    display: inline-block;
    width: 7px;
    height: 13px;
    background: var(--muted);
    vertical-align: text-bottom;
    opacity: 0.6;
  }
  .line.rejected .text {
    text-decoration: underline wavy var(--bad);
    text-underline-offset: 3px;
  }
  form {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 6px 8px 8px 10px;
    background: #0a0e13;
    border-top: 1px solid var(--line);
    border-radius: 0 0 8px 8px;
    font: 13px/1.45 var(--mono);
  }
  form .ps1 {
    color: var(--tone, var(--server));
    white-space: nowrap;
    user-select: none;
  }
  form input {
    flex: 1;
    min-width: 0;
    font: 13px/1.45 var(--mono);
    color: #f2f5f8;
    background: transparent;
    border: 1px solid transparent;
    border-radius: 4px;
    padding: 3px 4px;
  }
  form input:focus {
    outline: none;
    border-color: var(--accent);
    background: #0f151c;
  }
  form input::placeholder {
    color: var(--faint);
  }
  form button {
    font: 12px var(--mono);
    padding: 3px 7px;
    white-space: nowrap;
  }
`;
