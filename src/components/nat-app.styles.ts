/**
 * The shell's CSS: the page container, presentation mode's larger type tokens, the error box.
 */
import { css } from 'lit';

/** Styles of <nat-app>. */
export const appStyles = css`
  :host {
    display: block;
    max-width: 1680px;
    margin: 0 auto;
    padding: 0 10px 16px;
  }
  /* Presentation mode: every size token grows, for a classroom projector. */
  :host([present]) {
    --fs-xs: 15px;
    --fs-s: 16px;
    --fs-m: 17px;
    --fs-l: 18px;
    --fs-xl: 22px;
    font-size: var(--fs-l);
  }
  .error {
    background: color-mix(in srgb, var(--bad) 18%, var(--panel));
    border: 1px solid var(--bad);
    padding: 8px 12px;
    border-radius: 8px;
    margin-bottom: 8px;
  }
`;
