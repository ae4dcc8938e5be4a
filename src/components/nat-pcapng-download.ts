/**
 * <nat-pcapng-download>: the simulator's "Download pcapng" button: the recorded run as a pcapng
 * file for Wireshark (one interface per network segment, each hop commented in the UI's
 * language), built in the browser from the model's writer.
 */
import { LitElement, css, html } from 'lit';
import type { RunRecord } from '../app/timeline.ts';
import { pcapngFileName, runPcapng } from '../app/pcapng-export.ts';
import { pick } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { panelStyles } from './styles.ts';

const WORDS = {
  button: { en: 'Download pcapng', es: 'Descargar pcapng' },
  hint: {
    en: 'The whole run for Wireshark: one interface per network, each packet before and after every NAT, with what happened at each hop as its comment.',
    es: 'Toda la ejecución para Wireshark: una interfaz por red, cada paquete antes y después de cada NAT, y lo que le pasó en cada salto como comentario.',
  },
} as const;

/** The download button. */
export class NatPcapngDownload extends LitElement {
  static override properties = {
    locale: { type: String },
    timeline: { attribute: false },
    scenarioId: { type: String },
  };

  locale: Lang = 'es';
  timeline: RunRecord | undefined;
  scenarioId = 'walkthrough';

  static override styles = [
    panelStyles,
    css`
      :host {
        display: block;
        margin-top: 8px;
      }
    `,
  ];

  private download(): void {
    const tl = this.timeline;
    if (!tl) return;
    const bytes = runPcapng(this.locale, tl.scenario, tl.events);
    const url = URL.createObjectURL(
      new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.tcpdump.pcap' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = pcapngFileName(this.scenarioId);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  override render() {
    return html`<button
      data-testid="download-pcapng"
      title=${pick(this.locale, WORDS.hint)}
      ?disabled=${!this.timeline}
      @click=${() => this.download()}
    >
      ${pick(this.locale, WORDS.button)}
    </button>`;
  }
}

customElements.define('nat-pcapng-download', NatPcapngDownload);

declare global {
  interface HTMLElementTagNameMap {
    'nat-pcapng-download': NatPcapngDownload;
  }
}
