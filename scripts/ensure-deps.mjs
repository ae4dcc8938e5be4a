// Installs the npm packages when node_modules is missing or older than the lock file,
// so `npm start` and `npm test` work on a fresh clone with no other step.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const lock = 'package-lock.json';
const stale =
  !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  const cmd = existsSync(lock) ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund';
  console.log(`[agujero] installing npm packages: ${cmd}`);
  execSync(cmd, { stdio: 'inherit' });
}
