/**
 * The "Addresses by role" table of <lab-run-view>: for each machine and each NAT's public side,
 * the address the prediction shows and the one this run had, and a sentence on whether the
 * prediction was drawn in the run's own addresses (and if not, why: the run is still going; one
 * address shared by several machines, as on loopback; or the model would not run the same steps).
 */
import { html } from 'lit';
import type { AddressPlan } from '../app/run-addresses.ts';
import { nodeName } from '../i18n/names.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';

/** A run's addresses and the rename its prediction took (empty: the lesson's addresses). */
export interface RunAddresses {
  readonly plan: AddressPlan;
  readonly predicted: ReadonlyMap<string, string>;
  /** The run is over (only then is the prediction drawn in its addresses). */
  readonly settled: boolean;
}

/** The sentence under the table (and under a capture's, capture-addresses.ts). */
export function verdict(a: RunAddresses): StringKey {
  const { plan, predicted } = a;
  if (!a.settled && plan.rename.size) return 'labAddrPending';
  if (predicted.size && predicted.size === plan.rename.size) return 'labAddrRenamed';
  if (predicted.size) return 'labAddrRenamedButServer';
  if (plan.rename.size) return 'labAddrKeptStory';
  if (plan.roles.some((r) => r.real !== undefined)) return 'labAddrKeptShared';
  return 'labAddrKeptUnseen';
}

/** The table (rows in the topology's order). */
export function addressTable(lang: Lang, a: RunAddresses) {
  const role = (node: string, kind: 'host' | 'router') =>
    kind === 'host'
      ? nodeName(lang, node)
      : t(lang, 'labAddrPublic', { router: nodeName(lang, node) });
  return html`<div class="addresses" data-testid="run-addresses">
    <table>
      <caption>
        ${t(lang, 'labAddrHeading')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t(lang, 'labAddrRole')}</th>
          <th scope="col">${t(lang, 'labPredicted')}</th>
          <th scope="col">${t(lang, 'labAddrThisRun')}</th>
        </tr>
      </thead>
      <tbody>
        ${a.plan.roles.map((r) => {
          const predicted = a.predicted.get(r.model) ?? r.model;
          const same = r.real === predicted;
          return html`<tr data-node=${r.node} class=${same ? 'same' : 'differs'}>
            <th scope="row">${role(r.node, r.kind)}</th>
            <td>${predicted}</td>
            <td>${r.real ?? html`<i>${t(lang, 'labAddrUnseen')}</i>`}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <p class="verdict" data-verdict=${verdict(a)}>${t(lang, verdict(a))}</p>
  </div>`;
}
