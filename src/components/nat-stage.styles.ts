/**
 * The stage's CSS: node cards, links, the internet bus, packets by sender and status, packet
 * labels with the rewritten address marked, and the narration caption.
 */
import { css } from 'lit';

/** Styles of <nat-stage>. */
export const stageStyles = css`
  .surface {
    width: 100%;
    overflow: hidden;
    position: relative;
  }
  canvas {
    position: absolute;
    left: 0;
    top: 0;
    pointer-events: none;
  }
  svg {
    display: block;
    max-width: 100%;
    font-family: var(--sans);
  }
  .bus line {
    stroke: var(--line-2);
    stroke-width: 6;
    stroke-linecap: round;
  }
  .bus-label {
    fill: var(--faint);
    font-size: var(--fs-xs);
    letter-spacing: 0.08em;
    text-transform: uppercase;
  }
  path.link {
    stroke: var(--line-2);
    stroke-width: 2;
    fill: none;
  }
  .node rect.card {
    fill: var(--panel-2);
    stroke: var(--line-2);
    stroke-width: 1;
  }
  .node.router rect.card {
    stroke: color-mix(in srgb, var(--nat) 45%, var(--line-2));
  }
  .node.relay rect.card {
    stroke: var(--ok);
    stroke-dasharray: 5 3;
  }
  .node.active rect.card {
    stroke: var(--accent);
    stroke-width: 2;
  }
  .node .title {
    fill: var(--text);
    font-size: var(--fs-m);
    font-weight: 600;
  }
  .node .lines text {
    fill: var(--muted);
    font-family: var(--mono);
    font-size: var(--fs-xs);
  }
  .node .badge {
    fill: var(--nat);
    font-size: var(--fs-xs);
  }
  g.packet {
    cursor: pointer;
  }
  g.packet circle {
    stroke: var(--bg);
    stroke-width: 1.5;
  }
  g.packet.bob circle {
    fill: var(--bob);
  }
  g.packet.alice circle {
    fill: var(--alice);
  }
  g.packet.server circle,
  g.packet.other circle {
    fill: var(--server);
  }
  g.packet.dropped circle {
    fill: var(--bad);
  }
  g.packet.delivered circle {
    fill: var(--ok);
  }
  /* Never seen arriving (a real datagram): faded where it was due, then gone. */
  g.packet.unseen {
    opacity: 0.4;
  }
  g.packet .mark {
    stroke: #0d1117;
    stroke-width: 1.8;
    fill: none;
  }
  g.packet.selected circle {
    stroke: var(--text);
    stroke-width: 2.5;
  }
  /* A datagram that differs between prediction and real run: a dashed ring in the "differs" colour. */
  g.packet.marked circle {
    stroke: var(--bad);
    stroke-width: 3;
    stroke-dasharray: 3 2;
  }
  g.plabel rect {
    fill: rgba(13, 17, 23, 0.92);
    stroke: var(--line-2);
    rx: 4;
  }
  g.plabel text {
    font-family: var(--mono);
    font-size: var(--fs-xs);
    fill: var(--text);
  }
  g.plabel .pid {
    fill: var(--muted);
  }
  g.plabel .old {
    fill: var(--bad);
    text-decoration: line-through;
  }
  g.plabel .drop {
    fill: var(--bad);
    font-weight: 700;
  }
  g.plabel .new {
    fill: var(--nat);
    font-weight: 700;
  }
  .caption {
    border-top: 1px solid var(--line);
    padding: 8px 12px;
    display: flex;
    gap: 10px;
    align-items: baseline;
    flex-wrap: wrap;
    align-content: flex-start;
    min-height: 40px;
  }
  /* On wider screens the narration keeps one height (four lines, then it scrolls), so the panels
     below never jump as it wraps from step to step. */
  @media (min-width: 761px) {
    .caption {
      height: 92px;
      overflow-y: auto;
    }
  }
  .caption .idx {
    font-family: var(--mono);
    color: var(--faint);
    font-size: var(--fs-xs);
  }
  .caption .title {
    font-weight: 600;
  }
  .caption .detail {
    font-family: var(--mono);
    font-size: var(--fs-xs);
    color: var(--muted);
    white-space: pre-wrap;
    word-break: break-word;
  }
`;
