/**
 * The sequence diagram's CSS: lane names, the scrolling box, lanes and breaks, arrows by sender
 * and fate, marks, label boxes (rewrites in the NAT colour with the old address struck through,
 * drops in red), group brackets, the current event emphasised and the keyboard's ring.
 */
import { css } from 'lit';

/** Styles of <nat-sequence>. */
export const sequenceStyles = css`
  section {
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
  .head {
    display: grid;
    align-items: end;
    padding: 8px 0 6px;
    border-bottom: 1px solid var(--line);
    font-size: 13px;
    font-weight: 600;
    text-align: center;
    line-height: 1.15;
  }
  .lane-name {
    padding: 0 2px;
  }
  @media (max-width: 560px) {
    .head {
      font-size: 12px;
    }
  }
  .lane-name.bob {
    color: var(--bob);
  }
  .lane-name.alice {
    color: var(--alice);
  }
  .lane-name[data-lane$='nat'] {
    color: var(--nat);
  }
  .scroll {
    position: relative;
    height: var(--seq-height, 236px);
    overflow: auto;
    overscroll-behavior: contain;
  }
  .scroll:focus-visible {
    outline-offset: -2px;
  }
  svg {
    display: block;
    font: 12px var(--mono);
  }
  .empty {
    position: absolute;
    top: 40%;
    width: 100%;
    text-align: center;
    margin: 0;
    font-size: 13px;
  }
  line.lane {
    stroke: var(--line-2);
    stroke-width: 1.5;
  }
  line.lane.cut {
    stroke-dasharray: 2 4;
  }
  .gutter text {
    fill: var(--faint);
    font-size: 12px;
  }
  .break path {
    stroke: var(--line);
    stroke-dasharray: 6 5;
    fill: none;
  }
  .break text {
    fill: var(--muted);
  }
  .now line {
    stroke: var(--accent);
    stroke-width: 1;
    stroke-dasharray: 3 3;
    opacity: 0.7;
  }
  g.arrow,
  g.mark,
  g.label {
    cursor: pointer;
  }
  .arrow line.hit {
    stroke: transparent;
    stroke-width: 12;
  }
  .arrow line.shaft {
    stroke-width: 1.6;
  }
  .arrow.bob {
    --tone: var(--bob);
  }
  .arrow.alice {
    --tone: var(--alice);
  }
  .arrow.server,
  .arrow.other {
    --tone: var(--server);
  }
  .arrow .shaft {
    stroke: var(--tone);
  }
  .arrow .head {
    fill: var(--tone);
  }
  /* A datagram that never arrived: faded and dashed (dropped: dashes, lost: dots), ending in a cross. */
  .arrow.dropped,
  .arrow.lost {
    opacity: 0.6;
  }
  .arrow.dropped .shaft {
    stroke-dasharray: 5 3;
  }
  .arrow.lost .shaft {
    stroke-dasharray: 2 3;
  }
  .arrow.lost .head {
    display: none;
  }
  .arrow.current,
  .arrow.marked,
  .arrow.focused {
    opacity: 1;
  }
  /* A datagram that differs between prediction and real run: thicker, with a halo in the "differs" colour. */
  .arrow.marked .shaft {
    stroke-width: 3.5;
  }
  .arrow.marked {
    filter: drop-shadow(0 0 3px var(--bad));
  }
  .arrow.current .shaft {
    stroke-width: 3.5;
    stroke: var(--accent);
  }
  .arrow.current .head {
    fill: var(--accent);
  }
  .arrow.current {
    filter: drop-shadow(0 0 4px color-mix(in srgb, var(--accent) 70%, transparent));
  }
  .mark path {
    stroke-width: 1.5;
    fill: var(--panel);
    stroke: var(--muted);
  }
  .mark.send path {
    fill: var(--muted);
  }
  .mark.rewrite path {
    stroke: var(--nat);
  }
  .mark.deliver path {
    fill: var(--ok);
    stroke: var(--ok);
  }
  .mark.drop path {
    stroke: var(--bad);
    stroke-width: 3;
  }
  .mark.lost path {
    stroke: var(--bad);
    stroke-width: 2;
    stroke-dasharray: 2 2;
  }
  .mark.expired path {
    stroke: var(--nat);
    fill: none;
  }
  .mark.current path {
    stroke: var(--accent);
    stroke-width: 3;
  }
  .label rect {
    fill: color-mix(in srgb, var(--panel) 92%, transparent);
    stroke: var(--line);
  }
  .label text {
    fill: var(--text);
    white-space: pre;
  }
  .label.rewrite text.old {
    fill: var(--muted);
    text-decoration: line-through;
  }
  .label.rewrite text.new {
    fill: var(--nat);
  }
  .label.drop text {
    fill: var(--bad);
  }
  .label.note text {
    fill: var(--nat);
  }
  .label.current rect {
    stroke: var(--accent);
    stroke-width: 1.5;
  }
  .label.group rect {
    fill: var(--panel-2);
    stroke: var(--line-2);
  }
  .label.group text {
    fill: var(--accent);
  }
  path.bracket {
    stroke: var(--accent);
    stroke-width: 1.5;
    fill: none;
  }
  .focused .shaft,
  .focused rect,
  .mark.focused path {
    stroke: var(--text);
    stroke-width: 2.5;
  }
  .caption {
    border-top: 1px solid var(--line);
    padding: 6px 10px;
    font-size: 13px;
    min-height: 52px;
  }
  .caption .idx {
    font-family: var(--mono);
    color: var(--faint);
  }
  .caption code {
    display: block;
    font: 12px var(--mono);
    color: var(--muted);
    white-space: pre-wrap;
    word-break: break-all;
  }
  .never {
    border-top: 1px solid var(--line);
    padding: 4px 10px 6px;
    font-size: var(--fs-xs, 12px);
  }
  .never h4,
  .never summary {
    margin: 0 0 2px;
    color: var(--bad);
    font-size: inherit;
    font-weight: 600;
  }
  .never summary {
    cursor: pointer;
  }
  .never .more {
    margin: 0;
    color: var(--muted);
  }
  .never ul {
    margin: 0;
    padding-left: 1.2em;
  }
  .never li::marker {
    content: '✕ ';
    color: var(--bad);
  }
  .never .what {
    font-family: var(--mono);
  }
`;
