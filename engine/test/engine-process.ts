// The engine as a process of its own (`node engine/src/main.ts`) on a port, for the tests and benchmarks
// that kill it (SIGKILL) or load it from outside. Temporal is unreachable on purpose: the outbox retries later.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
export const ADMIN = { email: 'admin@yardstick.test', password: 'bench-admin-password' };

export interface EngineProcess {
  url: string;
  pid: number;
  /** resolves once the process has exited */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts the engine and resolves once it answers HTTP (GET /api/health, 200 or 503: Temporal is down). */
export function startEngineProcess(options: {
  databaseUrl: string;
  port: number;
  env?: Record<string, string>;
}): Promise<EngineProcess> {
  return startServerProcess(MAIN, options.port, {
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    YARDSTICK_ADMIN_EMAIL: ADMIN.email,
    YARDSTICK_ADMIN_PASSWORD: ADMIN.password,
    STUDIO_DIR: '/nonexistent',
    ...options.env,
  });
}

/** Runs a Node script serving HTTP on 127.0.0.1:`port` (given as PORT) until GET /api/health answers. */
export async function startServerProcess(
  script: string,
  port: number,
  env: Record<string, string>,
): Promise<EngineProcess> {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await untilAnswering(child, `${url}/api/health`);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    url,
    pid: child.pid as number,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function untilAnswering(child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with code ${child.exitCode} before answering`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(5000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nothing answered at ${url} within 60 s`);
}

/** Signs in as the admin and registers a `generic` source; the engine generates its secret. */
export async function createGenericSource(url: string, id: string): Promise<{ id: string; secret: string }> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const created = await fetch(`${url}/api/sources`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ id, name: 'Load generator', kind: 'generic' }),
  });
  if (created.status !== 201)
    throw new Error(`creating the source answered ${created.status}: ${await created.text()}`);
  const source = (await created.json()) as { id: string; secret: string };
  return { id: source.id, secret: source.secret };
}

/** The body and headers of one signed generic delivery carrying one event. */
export function signedEvent(secret: string, n: number): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    id: `ev-${n}`,
    type: n % 5 === 0 ? 'deal.won' : 'call.completed',
    employee: `crm-${100 + (n % 20)}`,
    ...(n % 5 === 0 ? { amount: `${1000 + (n % 997)}.50`, currency: 'RUB' } : {}),
    occurredAt: new Date(Date.UTC(2026, 9, 1) + n * 1000).toISOString(),
    attributes: { pipeline: 'main' },
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-yardstick-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}
