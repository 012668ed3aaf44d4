// The `generic` source's mapping: turns any JSON body into normalized events with JSONata expressions or RFC 6901
// JSON pointers (`settings.mapping`). Validated when a source is saved, compiled once per settings version, and
// evaluated under time, depth and size limits, because the expressions come from users and the bodies from outside.
import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { type ValidationDetail, validationError } from '../../lib/validation.ts';
import { decimalString, toDate } from './adapters/adapter.ts';
import { GenericEvent } from './generic-event.ts';
import type { NormalizedEvent } from './normalized-event.ts';

/** A field is an expression in the mapping's language, or a fixed value `{ "const": … }`. */
const FieldSpec = z.union([
  z.string().max(2000),
  z.object({ const: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]) }).strict(),
]);
export type FieldSpec = z.infer<typeof FieldSpec>;

const DOTTED_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export const GenericMapping = z
  .object({
    language: z.enum(['jsonata', 'pointer']),
    /** selects the records of a body; absent: the body itself, or its elements when it is an array */
    items: z.string().max(2000).optional(),
    fields: z
      .object({
        id: FieldSpec,
        type: FieldSpec,
        employee: FieldSpec,
        occurredAt: FieldSpec,
        amount: FieldSpec.optional(),
        currency: FieldSpec.optional(),
        attributes: z
          .record(
            z
              .string()
              .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'an attribute name is a letter or _ then letters, digits, _'),
            FieldSpec,
          )
          .refine((attributes) => Object.keys(attributes).length <= 50, 'at most 50 attributes')
          .optional(),
      })
      .strict(),
    /** raw type value → dotted event type; null skips records of that raw type */
    types: z
      .record(
        z.string().max(200),
        z.string().max(64).regex(DOTTED_TYPE, 'expected a dotted event type such as deal.won').nullable(),
      )
      .refine((types) => Object.keys(types).length <= 500, 'at most 500 types')
      .optional(),
    /** what happens to a record whose raw type is not in `types`: kept as is (it must be dotted), or skipped */
    otherTypes: z.enum(['keep', 'skip']).optional(),
  })
  .strict();
export type GenericMapping = z.infer<typeof GenericMapping>;

export const GenericSettings = z.object({ mapping: GenericMapping.optional() }).strict();

/** Limits on one delivery's evaluation; a mapping that exceeds them fails that delivery with a 422. */
export const MAPPING_LIMITS = {
  records: 1000,
  /** per JSONata evaluation (one field of one record) */
  expressionMs: 200,
  /** for the whole delivery */
  deliveryMs: 2000,
  /** JSONata call depth */
  stack: 200,
  /** JSONata sequence and range length */
  sequence: 10_000,
  /** characters of one mapped string; of one record's attributes as JSON */
  stringChars: 10_000,
  attributesChars: 64 * 1024,
} as const;

type Getter = (record: unknown, body: unknown) => Promise<unknown>;

interface CompiledField {
  /** the field's path under `settings.mapping`, for error details */
  path: string;
  source: string;
  get: Getter;
}

export interface CompiledMapping {
  items: CompiledField | null;
  fields: Record<'id' | 'type' | 'employee' | 'occurredAt', CompiledField> &
    Partial<Record<'amount' | 'currency', CompiledField>>;
  attributes: [string, CompiledField][];
  types: Map<string, string | null>;
  otherTypes: 'keep' | 'skip';
}

export interface MappedDelivery {
  events: NormalizedEvent[];
  skipped: { ref: string; reason: string }[];
}

// ---- compiling ---------------------------------------------------------------------------------------------

/**
 * Compiles a mapping that already passed `GenericMapping`; returns the problems (JSON pointers under `/settings/mapping`)
 * instead when an expression does not compile.
 */
export function compileMapping(mapping: GenericMapping): CompiledMapping | ValidationDetail[] {
  const problems: ValidationDetail[] = [];
  const compile = (path: string, spec: FieldSpec): CompiledField => {
    const pointer = `/settings/mapping${path}`;
    if (typeof spec !== 'string') {
      const value = spec.const;
      return { path, source: JSON.stringify(value), get: async () => value };
    }
    const get =
      mapping.language === 'pointer'
        ? compilePointer(spec, pointer, problems)
        : compileJsonata(spec, pointer, problems);
    return { path, source: spec, get };
  };
  const { fields } = mapping;
  const compiled: CompiledMapping = {
    items: mapping.items === undefined ? null : compile('/items', mapping.items),
    fields: {
      id: compile('/fields/id', fields.id),
      type: compile('/fields/type', fields.type),
      employee: compile('/fields/employee', fields.employee),
      occurredAt: compile('/fields/occurredAt', fields.occurredAt),
      ...(fields.amount === undefined ? {} : { amount: compile('/fields/amount', fields.amount) }),
      ...(fields.currency === undefined ? {} : { currency: compile('/fields/currency', fields.currency) }),
    },
    attributes: Object.entries(fields.attributes ?? {}).map(([name, spec]) => [
      name,
      compile(`/fields/attributes/${name}`, spec),
    ]),
    types: new Map(Object.entries(mapping.types ?? {})),
    otherTypes: mapping.otherTypes ?? 'keep',
  };
  return problems.length > 0 ? problems : compiled;
}

/** Validates `settings` of a generic source: shape, then every expression. Throws 422 with JSON-pointer paths. */
export function parseGenericSettings(settings: unknown): z.infer<typeof GenericSettings> {
  const parsed = GenericSettings.safeParse(settings);
  if (!parsed.success) {
    throw validationError(
      'source.invalid_settings',
      'generic settings',
      parsed.error.issues.map((issue) => ({ ...issue, path: ['settings', ...issue.path] })),
    );
  }
  if (parsed.data.mapping) {
    const compiled = compileMapping(parsed.data.mapping);
    if (Array.isArray(compiled)) {
      throw new AppError(
        422,
        'source.invalid_settings',
        `Invalid generic settings: ${compiled[0]?.path} ${compiled[0]?.message}`,
        compiled,
      );
    }
  }
  return parsed.data;
}

const cache = new Map<string, { hash: string; mapping: CompiledMapping }>();

/** The compiled mapping of a source's settings, compiled once per settings version; null when it has none. */
export function mappingOf(source: { id: string; settings?: Record<string, unknown> | null }): CompiledMapping | null {
  const raw = source.settings?.mapping;
  if (raw === undefined || raw === null) return null;
  const hash = createHash('sha256').update(JSON.stringify(raw)).digest('hex');
  const cached = cache.get(source.id);
  if (cached?.hash === hash) return cached.mapping;
  const mapping = GenericMapping.safeParse(raw);
  const compiled = mapping.success ? compileMapping(mapping.data) : null;
  if (compiled === null || Array.isArray(compiled)) {
    throw new AppError(500, 'webhook.source_misconfigured', 'The generic source mapping is invalid; edit the source');
  }
  cache.set(source.id, { hash, mapping: compiled });
  return compiled;
}

function compilePointer(pointer: string, path: string, problems: ValidationDetail[]): Getter {
  const tokens = pointerTokens(pointer);
  if (tokens === null) {
    problems.push({
      path,
      message: 'expected a JSON pointer such as /deal/id ("" is the whole record); a fixed value is { "const": … }',
    });
    return async () => undefined;
  }
  return async (record) => resolvePointer(record, tokens);
}

/** RFC 6901: "" or "/"-separated tokens where `~1` is "/" and `~0` is "~"; null when not a pointer. */
export function pointerTokens(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/') || /~(?![01])/.test(pointer)) return null;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function resolvePointer(value: unknown, tokens: string[]): unknown {
  let current = value;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}

const JSONATA_OPTIONS = {
  timeout: MAPPING_LIMITS.expressionMs,
  stack: MAPPING_LIMITS.stack,
  sequence: MAPPING_LIMITS.sequence,
};

function compileJsonata(source: string, path: string, problems: ValidationDetail[]): Getter {
  let expression: jsonata.Expression;
  try {
    expression = jsonata(source, JSONATA_OPTIONS);
  } catch (error) {
    problems.push({ path, message: `JSONata: ${jsonataMessage(error)}` });
    return async () => undefined;
  }
  // One regular expression step cannot be interrupted by the timeout (catastrophic backtracking blocks the
  // process), so mappings do without them; $eval would let a string smuggle one in.
  if (containsRegex(expression.ast())) {
    problems.push({ path, message: 'regular expressions are not allowed in mappings; use $contains, $substring…' });
  }
  expression.registerFunction('eval', () => {
    throw { code: 'Y0001', message: '$eval is not allowed in mappings' };
  });
  // $pad allocates its whole width in one step, out of the timeout's reach
  expression.registerFunction(
    'pad',
    (text: string | undefined, width: number, char?: string) => {
      if (text === undefined) return undefined;
      if (Math.abs(width) > MAPPING_LIMITS.stringChars) {
        throw { code: 'Y0002', message: `$pad is limited to ${MAPPING_LIMITS.stringChars} characters` };
      }
      const fill = char === undefined || char === '' ? ' ' : char;
      return width < 0 ? text.padStart(-width, fill) : text.padEnd(width, fill);
    },
    '<s-ns?:s>',
  );
  return (record, body) => expression.evaluate(record, { body });
}

function containsRegex(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsRegex);
  if (typeof node !== 'object' || node === null) return false;
  if ((node as { type?: unknown }).type === 'regex') return true;
  return Object.values(node).some(containsRegex);
}

function jsonataMessage(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown; position?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  return typeof e.position === 'number' ? `${message} (at character ${e.position})` : message;
}

// ---- evaluating ----------------------------------------------------------------------------------------------

/**
 * Maps one parsed body to events. A record whose values break the native shape's rules fails the whole delivery
 * (422, details `[{ path: "/records/<index>/<field>", message }]`); records whose type the mapping skips are listed.
 */
export async function applyMapping(mapping: CompiledMapping, body: unknown): Promise<MappedDelivery> {
  const deadline = Date.now() + MAPPING_LIMITS.deliveryMs;
  let yieldedAt = Date.now();
  const evaluate = async (field: CompiledField, record: unknown, where: string): Promise<unknown> => {
    if (Date.now() > deadline) {
      throw new AppError(
        422,
        'webhook.mapping_timeout',
        `The mapping took longer than ${MAPPING_LIMITS.deliveryMs} ms for this delivery`,
        [{ path: where, message: 'time limit reached here' }],
      );
    }
    try {
      return plain(await field.get(record, body));
    } catch (error) {
      const message = error instanceof AppError ? error.message : `JSONata: ${jsonataMessage(error)}`;
      throw new AppError(422, 'webhook.mapping_failed', `The mapping failed at ${where}: ${message}`, [
        { path: where, message: `${message} (mapping ${field.path}: ${field.source})` },
      ]);
    }
  };

  const records = selectRecords(mapping.items === null ? body : await evaluate(mapping.items, body, '/items'));
  if (records.length > MAPPING_LIMITS.records) {
    throw new AppError(
      422,
      'webhook.too_many_records',
      `A delivery carries at most ${MAPPING_LIMITS.records} records`,
      [{ path: '/records', message: `${records.length} records` }],
    );
  }
  const events: NormalizedEvent[] = [];
  const skipped: MappedDelivery['skipped'] = [];
  const problems: ValidationDetail[] = [];
  for (const [index, record] of records.entries()) {
    // let other requests in between records: a slow mapping delays only its own delivery
    if (Date.now() - yieldedAt > 20) {
      await new Promise((resolve) => setImmediate(resolve));
      yieldedAt = Date.now();
    }
    const at = `/records/${index}`;
    const rawType = await evaluate(mapping.fields.type, record, `${at}/type`);
    const type = translateType(mapping, rawType);
    if (type.skip !== null) {
      skipped.push({ ref: `records/${index}`, reason: type.skip });
      continue;
    }
    const values: Record<string, unknown> = { type: type.value };
    for (const name of ['id', 'employee', 'occurredAt', 'amount', 'currency'] as const) {
      const field = mapping.fields[name];
      if (field) values[name] = await evaluate(field, record, `${at}/${name}`);
    }
    const attributes: Record<string, unknown> = {};
    for (const [name, field] of mapping.attributes) {
      const value = await evaluate(field, record, `${at}/attributes/${name}`);
      if (value !== undefined) attributes[name] = value;
    }
    const event = toEvent(values, attributes, mapping, at, problems);
    if (event) events.push(event);
  }
  if (problems.length > 0) {
    const first = problems[0] as ValidationDetail;
    throw new AppError(422, 'webhook.invalid_body', `Invalid mapped event: ${first.path} ${first.message}`, problems);
  }
  return { events, skipped };
}

function selectRecords(selected: unknown): unknown[] {
  if (selected === undefined || selected === null) return [];
  return Array.isArray(selected) ? selected : [selected];
}

function translateType(mapping: CompiledMapping, raw: unknown): { skip: null; value: unknown } | { skip: string } {
  if (typeof raw !== 'string' && typeof raw !== 'number') return { skip: null, value: raw };
  const key = String(raw);
  if (mapping.types.has(key)) {
    const translated = mapping.types.get(key) ?? null;
    return translated === null
      ? { skip: `type "${key}" is skipped by the mapping` }
      : { skip: null, value: translated };
  }
  if (mapping.otherTypes === 'skip') return { skip: `type "${key}" is not in the mapping's types` };
  return { skip: null, value: raw };
}

function toEvent(
  values: Record<string, unknown>,
  attributes: Record<string, unknown>,
  mapping: CompiledMapping,
  at: string,
  problems: ValidationDetail[],
): NormalizedEvent | null {
  const source = (name: string) => {
    const field = name === 'type' ? mapping.fields.type : mapping.fields[name as keyof CompiledMapping['fields']];
    return field ? ` (mapping ${field.path}: ${field.source})` : '';
  };
  // epoch seconds or milliseconds are read as times too: a pointer cannot convert them
  const occurredAt = typeof values.occurredAt === 'number' ? toDate(values.occurredAt) : values.occurredAt;
  const parsed = GenericEvent.safeParse({
    ...values,
    occurredAt: occurredAt instanceof Date ? occurredAt.toISOString() : occurredAt,
    attributes,
  });
  const size = JSON.stringify(attributes).length;
  if (size > MAPPING_LIMITS.attributesChars) {
    problems.push({ path: `${at}/attributes`, message: `larger than ${MAPPING_LIMITS.attributesChars} characters` });
  }
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const message = values[field] === undefined && field !== '' ? 'the mapping found no value' : issue.message;
      problems.push({ path: `${at}/${issue.path.map(String).join('/')}`, message: `${message}${source(field)}` });
    }
    return null;
  }
  const item = parsed.data;
  return {
    externalId: item.id,
    type: item.type,
    occurredAt: new Date(item.occurredAt),
    externalEmployeeId: item.employee ?? null,
    amount: decimalString(item.amount),
    currency: item.currency ?? null,
    attributes: item.attributes ?? {},
  };
}

/** A JSONata result as plain JSON (sequences become arrays, functions vanish), refusing oversized strings. */
function plain(value: unknown): unknown {
  if (value === undefined) return undefined;
  let chars = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      chars += v.length;
      if (v.length > MAPPING_LIMITS.stringChars || chars > MAPPING_LIMITS.attributesChars) {
        throw new AppError(422, 'webhook.mapping_failed', 'the mapped value is too large');
      }
      return v;
    }
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v === 'boolean' || v === null) return v;
    if (Array.isArray(v)) return v.map(walk).filter((x) => x !== undefined);
    if (typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(v)) {
        const mapped = walk(inner);
        if (mapped !== undefined) Object.defineProperty(out, key, { value: mapped, enumerable: true, writable: true });
      }
      return out;
    }
    return undefined;
  };
  return walk(value);
}
