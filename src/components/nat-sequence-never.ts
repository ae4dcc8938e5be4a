/**
 * The words of the sequence diagram's datagrams that never arrived: one sentence per fate
 * ("never arrived: dropped by Bob's NAT: filtered: …", "never arrived: lost …"), added to the
 * tooltip and the accessible name of each of their arrows and crosses, and the list under the
 * diagram that says the same for every such datagram so far, behind a disclosure once there are
 * more than a few (ES and EN).
 */
import { html, nothing } from 'lit';
import { formatEndpoint } from '../model/index.ts';
import type { NeverArrived } from '../app/sequence-fate.ts';
import { nodeName } from '../app/narrate.ts';
import { dropSummary } from '../i18n/drops.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';

/** The sentence for a datagram that never arrived. */
export function neverSentence(lang: Lang, n: NeverArrived): string {
  const f = n.fate;
  return f.kind === 'dropped'
    ? t(lang, 'seqNeverDropped', {
        node: nodeName(lang, f.node),
        reason: dropSummary(lang, f.event),
      })
    : t(lang, 'seqNeverLost');
}

/** The sentence of each never-arrived datagram, by packet id. */
export function neverSentences(lang: Lang, list: readonly NeverArrived[]): Map<number, string> {
  return new Map(list.map((n) => [n.row.id, neverSentence(lang, n)]));
}

/** Up to this many are listed open under the diagram; more go behind a disclosure. */
export const OPEN_MAX = 3;
/** At most this many (the latest) are listed at all. */
export const LIST_MAX = 50;

/**
 * The list under the diagram (nothing when every datagram so far arrived or is travelling): open
 * while short, else behind "n never arrived", the latest LIST_MAX of them.
 */
export function neverList(lang: Lang, list: readonly NeverArrived[]) {
  if (!list.length) return nothing;
  const shown = list.slice(-LIST_MAX);
  const items = html`<ul aria-labelledby="seq-never-h">
    ${shown.map(
      (n) =>
        html`<li data-fate=${n.fate.kind} data-packet=${n.row.id}>
          <span class="what"
            >${t(lang, 'seqNeverItem', {
              id: n.row.id,
              text: n.row.text,
              from: nodeName(lang, n.row.origin),
              dst: formatEndpoint(n.row.sent.dst),
            })}</span
          >: <span class="fate">${neverSentence(lang, n)}</span>
        </li>`,
    )}
  </ul>`;
  if (list.length <= OPEN_MAX)
    return html`<div class="never" data-testid="seq-never">
      <h4 id="seq-never-h">${t(lang, 'seqNeverHeading')}</h4>
      ${items}
    </div>`;
  const more =
    shown.length < list.length
      ? html`<p class="more">
          ${t(lang, 'seqNeverLatest', { shown: shown.length, n: list.length })}
        </p>`
      : nothing;
  return html`<details class="never" data-testid="seq-never">
    <summary id="seq-never-h">${t(lang, 'seqNeverCount', { n: list.length })}</summary>
    ${more} ${items}
  </details>`;
}
