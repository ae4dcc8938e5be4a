/**
 * Draws the sequence diagram with d3 from its layout: lane lines (dotted across breaks), the time
 * gutter, one arrow per hop coloured by sender, marks where packets are rewritten, delivered or
 * dropped, labels on opaque boxes, group brackets, and the line of the current moment. Everything
 * carries the index of its event, and a click on it calls back.
 */
import type { Selection } from 'd3';
import type { PlacedLabel, SequenceLayout, SeqArrow, SeqMark } from './sequence-layout.ts';

/** Options of one draw. */
export interface SequenceDrawOptions {
  /** The event shown now (1-based). */
  readonly current: number;
  /** The focus stop the keyboard is on (its id), drawn with a ring. */
  readonly focused?: string | undefined;
  readonly onSeek: (index: number) => void;
  readonly onToggle: (key: string) => void;
  /** A tooltip for an event index (the event in words; with its datagram's fate if it never arrived). */
  readonly title: (index: number, packet?: number) => string;
  /** Packets drawn marked (a real run's datagrams that differ from the prediction). */
  readonly marked?: ReadonlySet<number> | undefined;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

const tone = (origin: string): string =>
  origin === 'bob' || origin === 'alice' || origin === 'server' ? origin : 'other';

/** The arrowhead at the end of an arrow, as a path. */
function head(a: SeqArrow): string {
  const ang = Math.atan2(a.y2 - a.y1, a.x2 - a.x1);
  const l = 9;
  const w = 4.5;
  const bx = a.x2 - l * Math.cos(ang);
  const by = a.y2 - l * Math.sin(ang);
  const px = -Math.sin(ang) * w;
  const py = Math.cos(ang) * w;
  return `M${a.x2},${a.y2}L${bx + px},${by + py}L${bx - px},${by - py}Z`;
}

function layer(root: G, cls: string): G {
  return root
    .selectAll<SVGGElement, string>(`g.${cls}`)
    .data([cls])
    .join('g')
    .attr('class', cls) as unknown as G;
}

/** Draws (or updates) the diagram into `root`. */
export function drawSequence(root: G, layout: SequenceLayout, opts: SequenceDrawOptions): void {
  const { breaks } = layout;
  // Lanes: solid through bursts, dotted across breaks.
  const segs = layout.lanes.flatMap((l) => {
    const out: { key: string; x: number; y1: number; y2: number; cut: boolean }[] = [];
    let y = 0;
    breaks.forEach((b, i) => {
      out.push({ key: `${l.id}-${i}`, x: l.x, y1: y, y2: b.y, cut: false });
      out.push({ key: `${l.id}-b${i}`, x: l.x, y1: b.y, y2: b.y + b.h, cut: true });
      y = b.y + b.h;
    });
    out.push({ key: `${l.id}-end`, x: l.x, y1: y, y2: layout.height, cut: false });
    return out;
  });
  layer(root, 'lanes')
    .selectAll('line')
    .data(segs, (d) => (d as (typeof segs)[number]).key)
    .join('line')
    .attr('class', (d) => (d.cut ? 'lane cut' : 'lane'))
    .attr('x1', (d) => d.x)
    .attr('x2', (d) => d.x)
    .attr('y1', (d) => d.y1)
    .attr('y2', (d) => d.y2);

  const gutter = layer(root, 'gutter');
  gutter
    .selectAll('text.time')
    .data(layout.times)
    .join('text')
    .attr('class', 'time')
    .attr('x', layout.gutter - 6)
    .attr('y', (d) => d.y + 4)
    .attr('text-anchor', 'end')
    .text((d) => d.text);
  const cuts = gutter
    .selectAll<SVGGElement, (typeof breaks)[number]>('g.break')
    .data(breaks)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'break');
      g.append('path');
      g.append('text');
      return g;
    });
  cuts.select('path').attr('d', (d) => {
    const m = d.y + d.h / 2;
    const x0 = layout.gutter - 4;
    const x1 = layout.width - 4;
    return `M${x0},${m - 3}L${x1},${m - 3}M${x0},${m + 3}L${x1},${m + 3}`;
  });
  cuts
    .select('text')
    .attr('x', layout.gutter - 6)
    .attr('y', (d) => d.y + d.h / 2 + 4)
    .attr('text-anchor', 'end')
    .text((d) => d.text);

  const now = layer(root, 'now')
    .selectAll('line')
    .data([layout.nowY])
    .join('line')
    .attr('x1', layout.gutter - 4)
    .attr('x2', layout.width - 4)
    .attr('y1', (d) => d)
    .attr('y2', (d) => d);
  void now;

  const arrows = layer(root, 'arrows')
    .selectAll<SVGGElement, SeqArrow>('g.arrow')
    .data(layout.arrows, (d) => String(d.index))
    .join((enter) => {
      const g = enter.append('g');
      g.append('title');
      g.append('line').attr('class', 'hit');
      g.append('line').attr('class', 'shaft');
      g.append('path').attr('class', 'head');
      return g;
    })
    .attr('id', (d) => `e${d.index}`)
    .attr('data-index', (d) => d.index)
    .attr('data-packet', (d) => d.packet)
    .attr(
      'class',
      (d) =>
        `arrow ${tone(d.origin)} ${d.end}${d.index === opts.current ? ' current' : ''}${`e${d.index}` === opts.focused ? ' focused' : ''}${opts.marked?.has(d.packet) ? ' marked' : ''}`,
    )
    .on('click', (_, d) => opts.onSeek(d.index));
  arrows.select('title').text((d) => opts.title(d.index, d.packet));
  arrows
    .selectAll<SVGLineElement, SeqArrow>('line')
    .attr('x1', (d) => d.x1)
    .attr('y1', (d) => d.y1)
    .attr('x2', (d) => d.x2)
    .attr('y2', (d) => d.y2);
  arrows.select('path.head').attr('d', head);

  layer(root, 'marks')
    .selectAll<SVGGElement, SeqMark>('g.mark')
    .data(layout.marks, (d) => `${d.kind}${d.index}`)
    .join((enter) => {
      const g = enter.append('g');
      g.append('title');
      g.append('path');
      return g;
    })
    .attr(
      'class',
      (d) =>
        `mark ${d.kind}${d.index === opts.current ? ' current' : ''}${`e${d.index}` === opts.focused && d.kind !== 'rewrite' ? ' focused' : ''}`,
    )
    .attr('id', (d) => d.id ?? null)
    .attr('data-index', (d) => d.index)
    .attr('data-packet', (d) => d.packet ?? null)
    .attr('transform', (d) => `translate(${d.x},${d.y})`)
    .on('click', (_, d) => opts.onSeek(d.index))
    .call((g) => g.select('title').text((d) => opts.title(d.index, d.packet)))
    .select('path')
    .attr('d', (d) =>
      d.kind === 'drop' || d.kind === 'lost'
        ? 'M-6,-6L6,6M6,-6L-6,6'
        : d.kind === 'rewrite'
          ? 'M0,-6L6,0L0,6L-6,0Z'
          : d.kind === 'expired'
            ? 'M-5,-5H5L-5,5H5Z'
            : 'M-3.5,0A3.5,3.5 0 1,0 3.5,0A3.5,3.5 0 1,0 -3.5,0',
    );

  drawLabels(
    layer(root, 'labels'),
    layout.labels,
    opts,
    (l) => `label ${l.kind}`,
    (l) => opts.onSeek(l.index),
  );
  const brackets = layer(root, 'brackets');
  brackets
    .selectAll('path.bracket')
    .data(layout.brackets, (d) => (d as SequenceLayout['brackets'][number]).key)
    .join('path')
    .attr('class', 'bracket')
    .attr('d', (d) => `M${d.x - 6},${d.y1}H${d.x}V${d.y2}H${d.x - 6}`);
  drawLabels(
    brackets,
    layout.brackets.map((b) => b.label),
    opts,
    (l) => {
      const b = layout.brackets.find((x) => x.label === l);
      return `label group${b?.expanded ? ' open' : ''}`;
    },
    (l) => {
      const b = layout.brackets.find((x) => x.label === l);
      if (b) opts.onToggle(b.key);
    },
  );
}

function drawLabels(
  root: G,
  labels: readonly PlacedLabel[],
  opts: SequenceDrawOptions,
  cls: (l: PlacedLabel) => string,
  onClick: (l: PlacedLabel) => void,
): void {
  const g = root
    .selectAll<SVGGElement, PlacedLabel>('g.label')
    .data(labels, (d) => d.id)
    .join((enter) => {
      const e = enter.append('g');
      e.append('title');
      e.append('rect');
      return e;
    })
    .attr('id', (d) => (d.kind === 'group' ? d.id : null))
    .attr('data-index', (d) => d.index)
    .attr(
      'class',
      (d) =>
        `${cls(d)}${d.index === opts.current && d.kind !== 'group' ? ' current' : ''}${d.id === opts.focused ? ' focused' : ''}`,
    )
    .on('click', (_, d) => onClick(d));
  g.select('title').text((d) =>
    d.kind === 'group' ? d.full : `${d.full}\n${opts.title(d.index)}`,
  );
  g.select('rect')
    .attr('x', (d) => d.box.x)
    .attr('y', (d) => d.box.y)
    .attr('width', (d) => d.box.w)
    .attr('height', (d) => d.box.h)
    .attr('rx', 3);
  g.selectAll<SVGTextElement, string>('text')
    .data((d) => d.lines.map((text, i) => ({ text, i, d })))
    .join('text')
    .attr('class', ({ i, d }) => `l${i}${d.kind === 'rewrite' ? (i % 2 ? ' new' : ' old') : ''}`)
    .attr('x', ({ d }) => d.box.x + 4)
    .attr('y', ({ i, d }) => d.box.y + 13 + i * 15)
    .text(({ text }) => text);
}
