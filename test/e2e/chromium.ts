// Debian's Chromium for the browser tests and the UI bench: its path and the flags that keep it
// quiet and sandbox-free headless (no background networking on this closed network).

/** Where Debian installs Chromium (CHROMIUM_PATH overrides). */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Flags for a quiet, sandbox-free headless Chromium. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
