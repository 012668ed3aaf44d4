// Makes a fresh clone runnable: installs dependencies when they are missing or stale and builds the
// studio when its sources changed. Uses only Node built-ins, so it runs before `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}

function run(command: string, args: string[], what: string): void {
  console.log(`\n▸ ${what}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✗ ${what} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

export function ensureInstalled(): void {
  const installed = join(repoRoot, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && mtime(installed) >= mtime(join(repoRoot, 'package-lock.json'))) return;
  run('npm', ['ci', '--no-audit', '--no-fund'], 'Installing dependencies');
}

export function ensureStudioBuilt(): void {
  const studio = join(repoRoot, 'studio');
  const built = mtime(join(studio, 'build', 'index.html'));
  const sources = Math.max(
    newestIn(join(studio, 'src')),
    newestIn(join(studio, 'static')),
    mtime(join(studio, 'vite.config.ts')),
    newestIn(join(repoRoot, 'rules', 'src')),
  );
  if (built >= sources) return;
  run('npm', ['run', 'build', '-w', '@yardstick/studio'], 'Building the studio');
}

if (import.meta.main) {
  ensureInstalled();
  ensureStudioBuilt();
}
