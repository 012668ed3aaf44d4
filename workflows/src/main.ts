// The worker process: runs workflows and activities until SIGINT/SIGTERM, then drains and exits.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { initORM } from '@yardstick/engine/db';
import { pino } from 'pino';
import { loadWorkerEnv } from './env.ts';
import { createWorker } from './worker.ts';

const env = loadWorkerEnv();
const logger = pino({
  name: 'worker',
  level: env.LOG_LEVEL,
  ...(env.LOG_FORMAT === 'pretty'
    ? {
        transport: {
          target: 'pino-pretty',
          options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
        },
      }
    : {}),
});

Runtime.install({
  logger: new DefaultLogger('WARN', (entry) => logger.warn({ sdk: entry.meta }, entry.message)),
  shutdownSignals: ['SIGINT', 'SIGTERM'],
});

const orm = await initORM(env.DATABASE_URL, { logger: (message: string) => logger.debug({ orm: true }, message) });
const connection = await connectWithRetry(env.TEMPORAL_ADDRESS);
const worker = await createWorker({
  connection,
  namespace: env.TEMPORAL_NAMESPACE,
  orm,
  notifications: { smtpUrl: env.SMTP_URL, smtpFrom: env.SMTP_FROM, publicUrl: env.PUBLIC_URL },
});
logger.info({ taskQueue: worker.options.taskQueue, temporal: env.TEMPORAL_ADDRESS }, 'worker running');
// `npm start` waits for this before it says the system is ready (the workflow bundle takes seconds).
process.send?.({ type: 'ready' });
await worker.run();
await connection.close();
await orm.close();
logger.info('worker stopped');

async function connectWithRetry(address: string): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await NativeConnection.connect({ address });
    } catch (error) {
      if (attempt >= 30) throw error;
      logger.warn({ address, attempt }, 'Temporal not reachable yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
