/**
 * <nat-stage>: the animated network. Owns the SVG surface and hands it to the d3 views
 * (topology cards, packets keyed by id, drop tags in the UI language), re-laying out on resize;
 * below it, the current event in words ("12." numbers events, "#4" packets). Clicking a packet
 * emits `nat-select-packet`.
 */
import { LitElement, html } from 'lit';
import { select } from 'd3';
import type { Selection } from 'd3';
import type { Scenario, TraceEvent } from '../model/index.ts';
import type { PacketView } from '../app/packets.ts';
import { narrate, nodeName } from '../app/narrate.ts';
import { dropTag } from '../i18n/drops.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { layoutTopology } from '../views/layout.ts';
import type { TopologyLayout } from '../views/layout.ts';
import { drawTopology } from '../views/topology.ts';
import type { NodeLabel } from '../views/topology.ts';
import { drawPackets } from '../views/packets.ts';
import { CanvasFlight } from '../views/packet-canvas.ts';
import { emit } from './events.ts';
import { captionToneStyles, panelStyles } from './styles.ts';
import { stageStyles } from './nat-stage.styles.ts';

/** The network stage. */
export class NatStage extends LitElement {
  static override properties = {
    locale: { type: String },
    scenario: { attribute: false },
    natNames: { attribute: false },
    packets: { attribute: false },
    event: { attribute: false },
    index: { type: Number },
    selected: { type: Number },
    marked: { attribute: false },
    hopMs: { type: Number },
    width: { state: true },
  };

  locale: Lang = 'es';
  scenario: Scenario | undefined;
  /** NAT type label per router id. */
  natNames: Readonly<Record<string, string>> = {};
  packets: readonly PacketView[] = [];
  /** The event that led to this frame. */
  event: TraceEvent | undefined;
  index = 0;
  selected: number | undefined;
  /** Packets drawn marked (a real run's datagrams that differ from the prediction). */
  marked: ReadonlySet<number> | undefined;
  /** Duration of a hop's animation (0 under reduced motion). */
  hopMs = 600;
  private width = 900;
  private observer: ResizeObserver | undefined;
  private layout: TopologyLayout | undefined;
  private crowd: CanvasFlight | undefined;

  static override styles = [panelStyles, captionToneStyles, stageStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? this.width);
      if (w > 0 && Math.abs(w - this.width) > 2) this.width = w;
    });
  }

  override firstUpdated(): void {
    const box = this.renderRoot.querySelector('.surface');
    if (box) this.observer?.observe(box);
    const canvas = this.renderRoot.querySelector('canvas');
    if (canvas)
      this.crowd = new CanvasFlight(canvas, (id) => emit(this, 'nat-select-packet', { id }));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
  }

  private labels(): Map<string, NodeLabel> {
    const out = new Map<string, NodeLabel>();
    const compact = this.width < 640;
    for (const n of this.scenario?.topology.nodes ?? []) {
      const title = nodeName(this.locale, n.id);
      if (n.kind === 'host')
        out.set(n.id, { title, lines: [n.ip, ...(n.extraIps ?? [])], relay: n.id === 'relay' });
      else
        out.set(n.id, {
          title,
          lines: compact ? [n.wanIp] : [`wan ${n.wanIp}`, `lan ${n.lanIp}`],
          badge: this.natNames[n.id],
        });
    }
    return out;
  }

  /** Packet colours from the CSS tokens, for the canvas renderer. */
  private palette(): (tone: string) => string {
    const style = getComputedStyle(this);
    const colors = new Map(
      ['bob', 'alice', 'server', 'ok', 'bad'].map((k) => [
        k,
        style.getPropertyValue(`--${k}`).trim(),
      ]),
    );
    return (tone) => colors.get(tone) || colors.get('server') || '#a9b4c0';
  }

  override updated(): void {
    const svgEl = this.renderRoot.querySelector('svg');
    if (!svgEl || !this.scenario) return;
    this.layout = layoutTopology(this.scenario.topology, this.width);
    const svgSel = select(svgEl)
      .attr('viewBox', `0 0 ${this.layout.width} ${this.layout.height}`)
      .attr('width', this.layout.width)
      .attr('height', this.layout.height);
    const layer = (cls: string) =>
      svgSel
        .selectAll<SVGGElement, string>(`g.${cls}`)
        .data([cls])
        .join('g')
        .attr('class', cls) as unknown as Selection<SVGGElement, unknown, null, undefined>;
    const e = this.event;
    const active = !e ? undefined : 'node' in e ? e.node : e.type === 'forwarded' ? e.to : e.actor;
    drawTopology(layer('topology'), this.layout, {
      labels: this.labels(),
      active,
      internetLabel: t(this.locale, 'internet'),
    });
    const many = this.packets.length > 3;
    const labelled = new Set(
      this.packets
        .filter((p) => !many || p.lastIndex === this.index || p.id === this.selected)
        .slice(0, 6)
        .map((p) => p.id),
    );
    drawPackets(layer('packets'), this.layout, this.packets, {
      durationMs: this.hopMs,
      labelled,
      selected: this.selected,
      marked: this.marked,
      tone: (p) =>
        p.origin === 'bob' || p.origin === 'alice' || p.origin === 'server' ? p.origin : 'other',
      onSelect: (id) => emit(this, 'nat-select-packet', { id }),
      canvas: this.crowd,
      toneColor: this.palette(),
      dropTag: (reason) => dropTag(this.locale, reason),
    });
  }

  override render() {
    const n = this.event ? narrate(this.locale, this.event) : undefined;
    return html`<section class="panel" aria-label=${t(this.locale, 'stage')}>
      <div class="surface">
        <svg role="img" aria-label=${t(this.locale, 'stageDesc')}></svg>
        <canvas aria-hidden="true"></canvas>
      </div>
      <div
        class="caption ${n?.tone ?? 'idle'}"
        aria-live="polite"
        tabindex="0"
        data-testid="caption"
      >
        ${
          n
            ? html`<span class="idx"
                  ><span class="sr-only">${t(this.locale, 'eventNumber', { n: this.index })}</span
                  ><span aria-hidden="true">${this.index}.</span></span
                >
                <span class="title">${n.title}</span>
                <code class="detail">${n.detail}</code>`
            : html`<span class="title muted">${t(this.locale, 'noEventYet')}</span>`
        }
      </div>
    </section>`;
  }
}

customElements.define('nat-stage', NatStage);

declare global {
  interface HTMLElementTagNameMap {
    'nat-stage': NatStage;
  }
}
