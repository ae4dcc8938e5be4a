/**
 * Shared look: colour and type-size tokens (set on :root by main.ts, inherited through shadow
 * roots; text colours keep at least 4.5:1 on every panel background, WCAG AA) and the small CSS
 * pieces every panel uses (panel frame, headings, buttons, monospace, focus ring).
 */
import { css } from 'lit';

/** Design tokens for the document root. */
export const ROOT_TOKENS = `
:root {
  --bg: #0d1117; --panel: #151b23; --panel-2: #1b232d; --line: #2a3440; --line-2: #3a4654;
  --text: #dce3ea; --muted: #9aa6b2; --faint: #8390a0;
  --accent: #4cc2ff; --nat: #f0b54a; --ok: #3fb950; --bad: #ff6a60;
  --bob: #5aa9ff; --alice: #e08cff; --server: #a9b4c0;
  --mono: ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace;
  --sans: system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Roboto, sans-serif;
  /* Type scale: nothing under 12 px; presentation mode (nat-app[present]) scales it up. */
  --fs-xs: 12px; --fs-s: 12.5px; --fs-m: 13px; --fs-l: 14px; --fs-xl: 17px;
  color-scheme: dark;
}
html, body { margin: 0; background: var(--bg); color: var(--text); font: var(--fs-l)/1.4 var(--sans); }
@media (prefers-reduced-motion: reduce) { * { animation: none !important; transition: none !important; } }
`;

/** Panel frame, headings, buttons and focus styles shared by components. */
export const panelStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    min-width: 0;
  }
  * {
    box-sizing: border-box;
  }
  .panel {
    background: var(--panel);
    border: 1px solid var(--line);
    border-radius: 8px;
    min-width: 0;
  }
  h2,
  h3 {
    margin: 0;
    font-size: var(--fs-xs);
    font-weight: 600;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--muted);
  }
  .mono {
    font-family: var(--mono);
    font-size: var(--fs-xs);
  }
  .muted {
    color: var(--muted);
  }
  button,
  select,
  input {
    font: inherit;
    color: var(--text);
    background: var(--panel-2);
    border: 1px solid var(--line-2);
    border-radius: 6px;
    padding: 4px 8px;
    min-height: 30px;
  }
  button {
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    border-color: var(--accent);
  }
  button:disabled {
    opacity: 0.4;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: 1px;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
  /* Read by screen readers, never seen; pinned to the top so it cannot extend a scroll area. */
  .sr-only {
    position: absolute;
    top: 0;
    left: 0;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** The narration caption's tone (a NAT step, a delivery, a drop), shared by the stage and the sequence view. */
export const captionToneStyles = css`
  .caption.nat .title {
    color: var(--nat);
  }
  .caption.ok .title {
    color: var(--ok);
  }
  .caption.bad .title {
    color: var(--bad);
  }
`;
