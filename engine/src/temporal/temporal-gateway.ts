// The engine's door to Temporal: connects lazily (the engine starts even while Temporal is down)
// and tells each employee's long-lived workflow, with signal-with-start, that events wait for it.
import { Client, Connection } from '@temporalio/client';
import {
  type EmployeeEventsInput,
  employeeEventsWorkflowId,
  eventsWaitingSignal,
  TASK_QUEUE,
} from '@yardstick/workflows/shared';
import type { Logger } from '../lib/logger.ts';

export interface TemporalGateway {
  /** null when Temporal answers, else what went wrong */
  check(): Promise<string | null>;
  /** events wait for the employee: starts their workflow if needed, else signals it */
  signalEmployee(employeeId: string): Promise<void>;
  /** the connected client, for modules that start, update or schedule workflows themselves; rejects while
   *  Temporal is unreachable */
  client(): Promise<Client>;
  close(): Promise<void>;
}

export function createTemporalGateway(options: {
  address: string;
  namespace: string;
  logger: Logger;
}): TemporalGateway {
  let connecting: Promise<{ connection: Connection; client: Client }> | undefined;

  const connect = () => {
    connecting ??= Connection.connect({ address: options.address, connectTimeout: '3s' })
      .then((connection) => ({ connection, client: new Client({ connection, namespace: options.namespace }) }))
      .catch((error: unknown) => {
        connecting = undefined;
        throw error;
      });
    return connecting;
  };

  return {
    async check() {
      try {
        const { connection } = await connect();
        await connection.withDeadline(Date.now() + 3000, () => connection.workflowService.getSystemInfo({}));
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },

    async signalEmployee(employeeId) {
      const { client } = await connect();
      await client.workflow.signalWithStart<(input: EmployeeEventsInput) => Promise<void>, []>(
        'employeeEventsWorkflow',
        {
          workflowId: employeeEventsWorkflowId(employeeId),
          taskQueue: TASK_QUEUE,
          args: [{ employeeId }],
          signal: eventsWaitingSignal,
          signalArgs: [],
        },
      );
      options.logger.debug({ employeeId }, 'employee signalled');
    },

    async client() {
      return (await connect()).client;
    },

    async close() {
      if (!connecting) return;
      const pending = connecting;
      connecting = undefined;
      await pending.then(({ connection }) => connection.close()).catch(() => undefined);
    },
  };
}
