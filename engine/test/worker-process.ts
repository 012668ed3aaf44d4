// The worker as `npm start` runs it: its own process (`node workflows/src/main.ts`), told over IPC when its
// workflow bundle is built and it polls. Tests kill it (SIGKILL) to show a close survives; benchmarks measure
// the system as deployed.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER_MAIN = fileURLToPath(new URL('../../workflows/src/main.ts', import.meta.url));

export interface WorkerProcess {
  pid: number;
  /** sends the signal (SIGTERM drains, SIGKILL does not) and waits for the process to end */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a worker with the given environment (DATABASE_URL, TEMPORAL_ADDRESS…); resolves once it is ready. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, [WORKER_MAIN], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: { type?: string }) => {
      if (message?.type === 'ready') resolve();
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready\n${stderr}`)));
  });
  return {
    pid: child.pid as number,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
