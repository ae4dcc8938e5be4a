/**
 * Reads a replayed capture's one "Addresses by role" table (<capture-summary>) as a user sees it,
 * for the capture e2e tests: found by its caption (the table's accessible name), each row's
 * own (LAN) and public (NAT) cells by role, and the checks that it is the only table of
 * addresses on the replay (<lab-run-view> leaves its own out) and sits above the two runs.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The caption of the table, by language. */
export const ROLES_CAPTION: Record<string, string> = {
  en: 'Addresses by role',
  es: 'Direcciones por papel',
};

/** The Server's public cell, by language (it has no NAT in front). */
export const NO_NAT: Record<string, string> = {
  en: 'the same (no NAT in front)',
  es: 'la misma (no tiene NAT delante)',
};

/** The table in `page`'s replay, by its accessible name. */
export const rolesTable = (page: Page, lang: string): Locator =>
  page.locator('lab-replay capture-summary').getByRole('table', { name: ROLES_CAPTION[lang] });

/** The sentence under the table: how the prediction is drawn (its i18n key). */
export const rolesVerdict = (page: Page): Promise<string | null> =>
  page
    .locator('lab-replay capture-summary [data-testid=capture-addresses] .verdict')
    .getAttribute('data-verdict', { timeout: 10_000 });

/** Each role's [own, public] cell texts, whitespace folded. */
export async function roleCells(table: Locator): Promise<Record<string, [string, string]>> {
  const out: Record<string, [string, string]> = {};
  for (const node of ['server', 'alice', 'bob']) {
    const row = table.locator(`tr[data-node=${node}]`);
    const cell = async (col: string) =>
      (await row.locator(`td[data-col=${col}]`).innerText()).replace(/\s+/g, ' ').trim();
    out[node] = [await cell('own'), await cell('public')];
  }
  return out;
}

/** The replay shows one table of addresses, above both runs. */
export async function expectOneAddressTable(page: Page, lang: string): Promise<void> {
  const table = rolesTable(page, lang);
  expect(await table.count()).toBe(1);
  expect(await page.locator('lab-replay [data-testid=run-addresses]').count()).toBe(0);
  const top = (await table.boundingBox())?.y ?? Infinity;
  const runs = await page.locator('lab-replay lab-run-view .sides').boundingBox();
  expect(top).toBeLessThan(runs?.y ?? -Infinity);
}
