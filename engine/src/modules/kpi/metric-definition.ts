// Checks a metric definition against the catalog: the field its aggregation needs, a filter the event
// has variables for, parameters that name existing metrics, formulas the rule language accepts, no cycles.
import { validate } from '@yardstick/rules';
import type { Metric } from '../../db/entities/metric.entity.ts';
import { AppError } from '../../lib/errors.ts';
import type { ValidationDetail } from '../../lib/validation.ts';
import { validateFilter } from './event-filter.ts';
import { dependenciesOf } from './metric.service.ts';

export type MetricDefinition = Pick<Metric, 'key' | 'aggregation' | 'field' | 'filter' | 'params'>;

const ATTRIBUTE = /^attributes\.[A-Za-z0-9_-]+$/;
const TEXT_FIELDS = new Set(['type', 'externalId', 'currency', 'amount']);

export function checkMetricDefinition(metric: MetricDefinition, catalog: ReadonlyMap<string, MetricDefinition>): void {
  const details: ValidationDetail[] = [];
  const problem = (path: string, message: string) => details.push({ path, message });
  const params = (metric.params ?? {}) as Record<string, unknown>;
  switch (metric.aggregation) {
    case 'sum':
    case 'avg':
      if (!metric.field || !(metric.field === 'amount' || ATTRIBUTE.test(metric.field))) {
        problem('/field', `${metric.aggregation} needs a field: amount or attributes.<key>`);
      }
      break;
    case 'distinct':
      if (!metric.field || !(TEXT_FIELDS.has(metric.field) || ATTRIBUTE.test(metric.field))) {
        problem('/field', 'distinct needs a field: type, externalId, currency, amount or attributes.<key>');
      }
      break;
    case 'ratio':
      for (const part of ['numerator', 'denominator']) {
        const key = params[part];
        if (typeof key !== 'string' || !catalog.has(key) || key === metric.key) {
          problem(`/params/${part}`, `${part} must be the key of another metric`);
        }
      }
      break;
    case 'duration':
      for (const part of ['startType', 'endType']) {
        if (typeof params[part] !== 'string' || params[part] === '') problem(`/params/${part}`, 'an event type');
      }
      if (typeof params.key !== 'string' || !(params.key === 'externalId' || ATTRIBUTE.test(params.key))) {
        problem('/params/key', 'the field pairing start and end events: attributes.<key> or externalId');
      }
      if (params.unit !== 'hours' && params.unit !== 'days') problem('/params/unit', 'hours or days');
      break;
    case 'formula': {
      if (!('rule' in params)) {
        problem('/params/rule', 'a formula needs a rule over kpi.<key>.actual');
        break;
      }
      const others = [...catalog.keys()].filter((k) => k !== metric.key);
      const result = validate(params.rule, { catalog: others });
      if (!result.ok) for (const p of result.problems) problem(`/params/rule${p.path}`, p.message.en);
      break;
    }
  }
  if (metric.filter !== undefined && metric.filter !== null) {
    for (const p of validateFilter(metric.filter)) problem(`/filter${p.path}`, p.message.en);
  }
  if (details.length === 0 && reachesItself(metric, catalog)) {
    problem('/params', `${metric.key} would depend on itself`);
  }
  if (details.length > 0) {
    throw new AppError(422, 'metric.invalid', `Invalid metric: ${details[0]?.path} ${details[0]?.message}`, details);
  }
}

function reachesItself(metric: MetricDefinition, catalog: ReadonlyMap<string, MetricDefinition>): boolean {
  const stack = dependenciesOf(metric);
  const seen = new Set<string>();
  while (stack.length > 0) {
    const key = stack.pop() as string;
    if (key === metric.key) return true;
    if (seen.has(key)) continue;
    seen.add(key);
    const next = catalog.get(key);
    if (next) stack.push(...dependenciesOf(next));
  }
  return false;
}
