// `npm start`: the whole system on one laptop, in one terminal. Temporal dev server (persisted under
// .data/), the engine with the studio, and the worker; demo data on first start. Ctrl-C stops all.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstalled, ensureStudioBuilt, repoRoot } from './prepare.ts';

const started = Date.now();
ensureInstalled();
ensureStudioBuilt();

// Imported only now: on a fresh clone these packages exist only after ensureInstalled().
const { startDevServer } = await import('@yardstick/workflows/dev-server');

const port = Number(process.env.PORT ?? 8080);
const temporalPort = Number(process.env.TEMPORAL_PORT ?? 7233);
const temporalUiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
const dataDir = join(repoRoot, '.data');
mkdirSync(dataDir, { recursive: true });

console.log('\n▸ Starting the Temporal dev server');
const temporal = await startDevServer({
  dbFilename: join(dataDir, 'temporal.db'),
  port: temporalPort,
  uiPort: temporalUiPort,
});

const childEnv = {
  ...process.env,
  PORT: String(port),
  DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${join(dataDir, 'yardstick.db')}`,
  TEMPORAL_ADDRESS: temporal.address,
  YARDSTICK_DEMO: process.env.YARDSTICK_DEMO ?? 'true',
  LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
};

const children: ChildProcess[] = [];
let stopping = false;

function startChild(name: string, script: string): ChildProcess {
  const child = spawn(process.execPath, [join(repoRoot, script)], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`✗ ${name} exited (${signal ?? code}); stopping everything`);
    void stop(1);
  });
  children.push(child);
  return child;
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\n▸ Stopping…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  // The dev server got the terminal's Ctrl-C too and may be gone already.
  await temporal.stop().catch(() => undefined);
  console.log('▸ Stopped. Data is kept in .data/ for the next start.');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

startChild('engine', 'engine/src/main.ts');
const engineUrl = `http://localhost:${port}`;
await waitForHealth(`${engineUrl}/api/health`);
const worker = startChild('worker', 'workflows/src/main.ts');
await new Promise<void>((resolve) => {
  worker.on('message', (message: { type?: string }) => {
    if (message?.type === 'ready') resolve();
  });
});

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`
  Yardstick is running (ready in ${seconds} s)

  Studio        ${engineUrl}/
  API docs      ${engineUrl}/api/docs   (OpenAPI: ${engineUrl}/openapi.json)
  Temporal UI   ${temporal.uiUrl}
  Sign in       admin@yardstick.demo / demo-admin   (demo data)
                hr@yardstick.demo / demo-hr, manager@yardstick.demo / demo-manager,
                employee@yardstick.demo / demo-employee

  Try it:  curl -X POST ${engineUrl}/hooks/demo -H 'content-type: application/json' \\
             -d '{"id":"d-1","type":"deal.lost","employee":"crm-102","amount":250000,"occurredAt":"${new Date().toISOString()}"}'

  Ctrl-C stops everything; the data stays in .data/.
`);

async function waitForHealth(url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (stopping) return;
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.error(`✗ The engine did not become healthy at ${url}`);
  await stop(1);
}
