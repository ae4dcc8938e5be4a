/**
 * Draws the birthday-paradox plot with d3: success probability against probes sent, the closed
 * form as a curve, Monte Carlo estimates as points with their 95% intervals as whiskers, axes
 * labelled in the UI language. Pixels only: the element gives the data and the size.
 */
import { axisBottom, axisLeft, format, line, scaleLinear, select } from 'd3';

/** One Monte Carlo point. */
export interface PlotPoint {
  readonly n: number;
  readonly p: number;
  readonly ci: readonly [number, number];
}

/** What one draw shows. */
export interface BirthdayPlotData {
  readonly width: number;
  readonly xMax: number;
  /** The closed form at x probes. */
  readonly closed: (x: number) => number;
  readonly points: readonly PlotPoint[];
  readonly labels: {
    readonly x: string;
    readonly y: string;
    readonly closed: string;
    readonly mc: string;
  };
}

const HEIGHT = 300;
const M = { top: 16, right: 16, bottom: 46, left: 56 };

/** Draws (or redraws) the plot into `svg`. */
export function drawBirthdayPlot(svg: SVGSVGElement, d: BirthdayPlotData): void {
  const w = Math.max(260, d.width);
  const root = select(svg)
    .attr('width', w)
    .attr('height', HEIGHT)
    .attr('viewBox', `0 0 ${w} ${HEIGHT}`);
  root.selectAll('*').remove();
  const x = scaleLinear()
    .domain([0, Math.max(1, d.xMax)])
    .range([M.left, w - M.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([HEIGHT - M.bottom, M.top]);
  const ticks = w < 480 ? 4 : 8;
  root
    .append('g')
    .attr('class', 'axis x')
    .attr('transform', `translate(0,${HEIGHT - M.bottom})`)
    .call(axisBottom(x).ticks(ticks, '~s'));
  root
    .append('g')
    .attr('class', 'axis y')
    .attr('transform', `translate(${M.left},0)`)
    .call(axisLeft(y).ticks(5, '.0%'));
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', (M.left + w - M.right) / 2)
    .attr('y', HEIGHT - 8)
    .attr('text-anchor', 'middle')
    .text(d.labels.x);
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(14,${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(d.labels.y);
  const xs = Array.from({ length: 121 }, (_, i) => (i / 120) * d.xMax);
  root
    .append('path')
    .attr('class', 'closed')
    .attr('fill', 'none')
    .attr(
      'd',
      line<number>()
        .x((v) => x(v))
        .y((v) => y(d.closed(v)))(xs),
    );
  const pts = root.append('g').attr('class', 'points');
  const pct = format('.1%');
  for (const p of d.points) {
    const g = pts.append('g').attr('class', 'point');
    g.append('title').text(`${p.n}: ${pct(p.p)} [${pct(p.ci[0])}, ${pct(p.ci[1])}]`);
    g.append('line')
      .attr('x1', x(p.n))
      .attr('x2', x(p.n))
      .attr('y1', y(p.ci[0]))
      .attr('y2', y(p.ci[1]));
    g.append('circle').attr('cx', x(p.n)).attr('cy', y(p.p)).attr('r', 4);
  }
  const legend = root
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${M.left + 10},${M.top + 6})`);
  legend
    .append('line')
    .attr('class', 'closed')
    .attr('x1', 0)
    .attr('x2', 22)
    .attr('y1', 0)
    .attr('y2', 0);
  legend.append('text').attr('x', 28).attr('y', 4).text(d.labels.closed);
  if (d.points.length > 0) {
    legend.append('circle').attr('cx', 11).attr('cy', 20).attr('r', 4);
    legend.append('text').attr('x', 28).attr('y', 24).text(d.labels.mc);
  }
}
