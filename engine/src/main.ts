// The engine process: HTTP API, webhooks and the studio. Stops cleanly on SIGINT/SIGTERM.
import { startEngine } from './engine.ts';
import { loadEngineEnv } from './env.ts';

const env = loadEngineEnv();
const engine = await startEngine(env);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    engine.logger.info({ signal }, 'engine stopping');
    engine.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        engine.logger.error({ err: error }, 'engine stopped with an error');
        process.exit(1);
      },
    );
  });
}
