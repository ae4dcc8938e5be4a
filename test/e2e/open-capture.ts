/**
 * Opens a capture in the course as a user does: the walkthrough lesson in `lang`, "Connect to
 * a lab" unfolded, the file picked with "Open a saved run". The capture e2e tests share it.
 */
import type { Page } from 'playwright-core';

/** Opens `buffer` (a pcap/pcapng) named `name` on `base`'s walkthrough lesson in `lang`. */
export async function openCapture(
  page: Page,
  base: string,
  lang: string,
  name: string,
  buffer: Uint8Array,
): Promise<void> {
  await page.goto(`${base}?page=lesson&l=03-walkthrough&lang=${lang}`);
  await page.locator('lab-connect summary').click();
  await page.locator('lab-connect input[type=file]').setInputFiles({
    name,
    mimeType: 'application/vnd.tcpdump.pcap',
    buffer: Buffer.from(buffer),
  });
}
