/**
 * Draws the stage's static part with d3: the internet bus, the links, and one card per node
 * (title, addresses, NAT type), keyed by node id so re-renders only move and relabel cards.
 * Every text stays inside its card: titles and badges shortened with an ellipsis (the whole in
 * a tooltip), addresses kept whole in a smaller font.
 */
import { select } from 'd3';
import type { Selection } from 'd3';
import { INTERNET } from '../model/index.ts';
import type { NodeBox, TopologyLayout } from './layout.ts';

/** What a card says. */
export interface NodeLabel {
  readonly title: string;
  /** Monospace lines (addresses). */
  readonly lines: readonly string[];
  /** For routers: the NAT type. */
  readonly badge?: string | undefined;
  /** A TURN relay: the card is drawn as one (class `relay`). */
  readonly relay?: boolean;
}

/** Options of one topology draw. */
export interface TopologyOptions {
  readonly labels: ReadonlyMap<string, NodeLabel>;
  /** The node the current event happens at, highlighted. */
  readonly active?: string | undefined;
  /** Text on the bus. */
  readonly internetLabel: string;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

/** Draws (or updates) the topology into `root`. */
export function drawTopology(root: G, layout: TopologyLayout, opts: TopologyOptions): void {
  const nodes = [...layout.nodes.values()];
  const bus = root
    .selectAll<SVGGElement, TopologyLayout>('g.bus')
    .data([layout])
    .join((enter) => {
      const g = enter.append('g').attr('class', 'bus');
      g.append('line');
      g.append('text').attr('class', 'bus-label');
      return g;
    });
  bus
    .select('line')
    .attr('x1', (d) => d.busX[0])
    .attr('x2', (d) => d.busX[1])
    .attr('y1', (d) => d.busY)
    .attr('y2', (d) => d.busY);
  bus
    .select('text')
    .attr('x', (d) => d.busX[1])
    .attr('y', (d) => d.busY - 8)
    .attr('text-anchor', 'end')
    .text(opts.internetLabel);

  const linkPath = (n: NodeBox): string => {
    if (n.parent === INTERNET) return `M${n.x},${n.y}V${layout.busY}`;
    const p = layout.nodes.get(n.parent);
    return p ? `M${n.x},${n.y}L${p.x},${p.y}` : '';
  };
  root
    .selectAll<SVGPathElement, NodeBox>('path.link')
    .data(nodes, (d) => d.id)
    .join('path')
    .attr('class', 'link')
    .attr('d', linkPath);
  // Links are drawn first so cards sit on top of them.
  root.selectAll('path.link').lower();
  bus.lower();

  const cards = root
    .selectAll<SVGGElement, NodeBox>('g.node')
    .data(nodes, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', (d) => `node ${d.kind}`);
      g.append('rect').attr('class', 'card');
      g.append('text').attr('class', 'title');
      g.append('g').attr('class', 'lines');
      g.append('text').attr('class', 'badge');
      return g;
    })
    .attr('data-node', (d) => d.id)
    .attr('transform', (d) => `translate(${d.x},${d.y})`)
    .classed('active', (d) => d.id === opts.active)
    .classed('relay', (d) => opts.labels.get(d.id)?.relay === true);
  cards
    .select('rect.card')
    .attr('x', (d) => -d.w / 2)
    .attr('y', (d) => -d.h / 2)
    .attr('width', (d) => d.w)
    .attr('height', (d) => d.h)
    .attr('rx', 6);
  cards
    .select('text.title')
    .attr('x', (d) => -d.w / 2 + 8)
    .attr('y', (d) => -d.h / 2 + 16)
    .text((d) => opts.labels.get(d.id)?.title ?? d.id);
  cards.each(function (d) {
    const lines = opts.labels.get(d.id)?.lines ?? [];
    select(this)
      .select<SVGGElement>('g.lines')
      .selectAll<SVGTextElement, string>('text')
      .data(lines)
      .join('text')
      .attr('x', -d.w / 2 + 8)
      .attr('y', (_, i) => -d.h / 2 + 31 + i * 14)
      .each(function (s) {
        fitWhole(this, s, d.w - 14);
      });
  });
  cards
    .select<SVGTextElement>('text.badge')
    .attr('x', (d) => -d.w / 2 + 8)
    .attr('y', (d) => d.h / 2 - 7)
    .each(function (d) {
      const full = opts.labels.get(d.id)?.badge ?? '';
      fitText(this, full, d.w - 14);
    });
  cards.select<SVGTextElement>('text.title').each(function (d) {
    fitText(this, opts.labels.get(d.id)?.title ?? d.id, d.w - 14);
  });
}

/**
 * Sets `text` whole (an address cut short would be wrong), in a smaller font when it is wider
 * than `width` px: a phone's narrow card takes 82.230.120.113 a little smaller.
 */
function fitWhole(el: SVGTextElement, text: string, width: number): void {
  el.textContent = text;
  el.style.removeProperty('font-size');
  const length = el.getComputedTextLength();
  if (!text || length <= width) return;
  const size = parseFloat(getComputedStyle(el).fontSize);
  el.style.fontSize = `${Math.floor(((size * width) / length) * 4) / 4}px`;
}

/** Sets `text`, shortened with an ellipsis to fit `width` px; the full text goes in a tooltip. */
function fitText(el: SVGTextElement, text: string, width: number): void {
  el.textContent = text;
  el.querySelector('title')?.remove();
  if (!text || el.getComputedTextLength() <= width) return;
  let n = text.length;
  while (n > 1) {
    n--;
    el.textContent = `${text.slice(0, n).trimEnd()}…`;
    if (el.getComputedTextLength() <= width) break;
  }
  const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  title.textContent = text;
  el.appendChild(title);
}
