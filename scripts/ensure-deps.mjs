// Installs what `npm start` / `npm test` need on a fresh clone: the npm packages when
// node_modules is missing or older than the lock file, with --system the Debian packages
// the tests drive for real (scripts/install-system-deps.sh, as root), and with --lab the lab
// CLI's bundle dist-lab/agujero.mjs when it is missing or stale (scripts/build-lab.mjs).
import { existsSync, statSync } from 'node:fs';
import { execFileSync, execSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const lock = 'package-lock.json';
const stale =
  !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  const cmd = existsSync(lock) ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund';
  console.log(`[agujero] installing npm packages: ${cmd}`);
  execSync(cmd, { stdio: 'inherit' });
}
if (process.argv.includes('--system')) {
  try {
    execFileSync('bash', ['scripts/install-system-deps.sh'], { stdio: 'inherit' });
  } catch {
    console.error('[agujero] could not install the Debian packages the tests need (see above)');
    process.exit(1);
  }
}
if (process.argv.includes('--lab')) {
  const { ensureLab } = await import('./build-lab.mjs');
  const reason = await ensureLab();
  if (reason !== '') console.log(`[agujero] built dist-lab/agujero.mjs (${reason})`);
}
