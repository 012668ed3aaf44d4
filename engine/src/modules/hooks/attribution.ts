// Which employee each CRM user id of a source maps to (the employee_external_id table): the one lookup shared by
// ingestion and the dry run of a sample delivery.
import type { EntityManager } from '@mikro-orm/sql';
import { EmployeeExternalId } from '../../db/entities/employee-external-id.entity.ts';

/** CRM user id → employee id, for the ids that are mapped; absent ids are unmapped. */
export async function employeesByExternalId(
  em: EntityManager,
  sourceId: string,
  externalIds: readonly (string | null)[],
): Promise<Map<string, string>> {
  const ids = [...new Set(externalIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const mappings = await em.find(EmployeeExternalId, { source: sourceId, externalId: { $in: ids } });
  return new Map(mappings.map((m) => [m.externalId, m.employee]));
}
