// Starts a Temporal dev server (`temporal server start-dev`) through the SDK's ephemeral-server
// support, with the binary found by temporal-cli.ts. `npm start` persists it to a SQLite file;
// tests run it in memory on a free port.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalCliExecutable } from './temporal-cli.ts';

export interface DevServerOptions {
  /** SQLite file to persist to; in memory when absent */
  dbFilename?: string;
  port?: number;
  /** serve the Temporal Web UI on this port */
  uiPort?: number;
  namespace?: string;
}

export interface DevServer {
  /** host:port of the frontend gRPC service */
  address: string;
  namespace: string;
  uiUrl: string | undefined;
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const namespace = options.namespace ?? 'default';
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: temporalCliExecutable(),
      namespace,
      ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
      ...(options.port ? { port: options.port } : {}),
      ...(options.uiPort ? { ui: true, uiPort: options.uiPort } : {}),
      log: { format: 'pretty', level: 'error' },
    },
  });
  return {
    address: env.address,
    namespace,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    env,
    stop: () => env.teardown(),
  };
}
