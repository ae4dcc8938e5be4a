/**
 * The one "Addresses by role" table of a replayed capture, shown by <capture-summary> near the
 * top: for the Server, Alice and Bob, each role's own (LAN) address and its NAT's public address
 * as the capture showed them, once; in a cell whose role the prediction draws in another
 * address, that address under the capture's ("in the prediction: 192.168.0.10"); under the
 * table, the sentence of lab-run-addresses on how the prediction is drawn. A saved live run has
 * no capture: its roles are shown by <lab-run-view>'s own table (lab-run-addresses.ts).
 *
 *   Role    Own address (LAN)   Public address (its NAT)
 *   Server  203.0.113.162, …    the same (no NAT in front)
 *   Alice   192.168.1.10        192.0.2.113
 *   Bob     192.168.2.20        198.51.100.24
 */
import { html } from 'lit';
import type { AddressBook } from '../capture/index.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { verdict } from './lab-run-addresses.ts';
import type { RunAddresses } from './lab-run-addresses.ts';

/** The address the prediction draws `node` (a host, or a router's public side) in, if known. */
export function predictedAddress(a: RunAddresses | undefined, node: string): string | undefined {
  const role = a?.plan.roles.find((r) => r.node === node);
  return role && (a?.predicted.get(role.model) ?? role.model);
}

/** One cell: the capture's addresses, and the prediction's when it is none of them. */
function cell(lang: Lang, ips: readonly string[], predicted: string | undefined) {
  const seen =
    ips.length === 0
      ? html`<em>${t(lang, 'captureNotSeen')}</em>`
      : ips.map((ip, i) => html`${i ? ', ' : ''}<code>${ip}</code>`);
  const other = predicted !== undefined && !ips.includes(predicted);
  return html`${seen}${
    other
      ? html`<span class="predicted"
          >${t(lang, 'captureAddrPredicted')} <code>${predicted}</code></span
        >`
      : ''
  }`;
}

/** The table; `run` (the addresses <lab-run-view> read) adds the prediction's where they differ. */
export function captureAddressTable(lang: Lang, book: AddressBook, run?: RunAddresses) {
  const sites = [book.alice, book.bob];
  return html`<div class="addresses" data-testid="capture-addresses">
    <table>
      <caption>
        ${t(lang, 'labAddrHeading')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t(lang, 'captureRole')}</th>
          <th scope="col">${t(lang, 'captureOwnAddress')}</th>
          <th scope="col">${t(lang, 'capturePublicAddress')}</th>
        </tr>
      </thead>
      <tbody>
        <tr data-node="server">
          <th scope="row">${t(lang, 'captureServer')}</th>
          <td data-col="own">${cell(lang, book.server, predictedAddress(run, 'server'))}</td>
          <td data-col="public"><i>${t(lang, 'captureAddrSameNoNat')}</i></td>
        </tr>
        ${sites.map(
          (s) =>
            html`<tr data-node=${s.host}>
              <th scope="row">${s.host === 'alice' ? 'Alice' : 'Bob'}</th>
              <td data-col="own">${cell(lang, s.lan, predictedAddress(run, s.host))}</td>
              <td data-col="public">
                ${cell(lang, s.wan, predictedAddress(run, `${s.host}-nat`))}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${run ? html`<p class="verdict" data-verdict=${verdict(run)}>${t(lang, verdict(run))}</p>` : ''}
  </div>`;
}
