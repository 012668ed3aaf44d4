// An audit entry as people read it: which fields changed from what to what, rather than two JSON blobs.

export interface FieldChange {
  /** a dotted path: `name.ru`, `thresholds.onTrack` */
  field: string;
  before: string | null;
  after: string | null;
}

const IGNORED = new Set(['id', 'createdAt', 'updatedAt']);

function show(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields that differ between before and after, nested objects flattened one level deep (a name's
 * languages, a metric's thresholds); timestamps and ids are left out. A creation lists what was set,
 * a deletion what was there.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  const walk = (b: unknown, a: unknown, prefix: string, depth: number) => {
    const keys = new Set([...(isRecord(b) ? Object.keys(b) : []), ...(isRecord(a) ? Object.keys(a) : [])]);
    for (const key of keys) {
      if (depth === 0 && IGNORED.has(key)) continue;
      const bv = isRecord(b) ? b[key] : undefined;
      const av = isRecord(a) ? a[key] : undefined;
      const field = prefix ? `${prefix}.${key}` : key;
      if (depth === 0 && (isRecord(bv) || isRecord(av)) && !(bv === undefined && av === undefined)) {
        if ((isRecord(bv) || bv == null) && (isRecord(av) || av == null)) {
          walk(bv, av, field, depth + 1);
          continue;
        }
      }
      const bs = show(bv);
      const as = show(av);
      if (bs !== as) changes.push({ field, before: bs, after: as });
    }
  };
  if (isRecord(before) || isRecord(after)) walk(before, after, '', 0);
  else if (show(before) !== show(after)) changes.push({ field: '', before: show(before), after: show(after) });
  return changes;
}

/** Entries per page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

/** The record kinds the audit log files entries under, for its filter. */
export const AUDIT_ENTITIES = [
  'organization',
  'calendar_year',
  'department',
  'team',
  'employee',
  'app_user',
  'api_token',
  'metric',
  'plan',
  'scheme',
  'scheme_version',
  'source',
  'enrichment',
  'notification_channel',
  'review',
  'bonus_record',
] as const;

/** `2026-10-03` (a day in the browser's calendar) → the ISO instant of its start, for `from`/`to`. */
export function dayStart(day: string, plusDays = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  date.setDate(date.getDate() + plusDays);
  return date.toISOString();
}
