// A fired alert rule. The dedupe key makes "one alert per rule, employee, period and cause" a constraint.
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.ts';
import { Employee } from './employee.entity.ts';
import { Evaluation } from './evaluation.entity.ts';
import { Event } from './event.entity.ts';
import { SchemeVersion } from './scheme-version.entity.ts';

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;

export const Alert = defineEntity({
  name: 'Alert',
  tableName: 'alert',
  // cause_evaluation: the alerts a batch of evaluations raised are read back to be announced
  indexes: [{ properties: ['employee', 'status'] }, { properties: ['createdAt'] }, { properties: ['causeEvaluation'] }],
  properties: {
    id: idProperty(),
    dedupeKey: p.string().unique(),
    schemeVersion: () => p.manyToOne(SchemeVersion).mapToPk(),
    ruleId: p.string().length(64),
    ruleName: p.json<{ en: string; ru: string }>(),
    employee: () => p.manyToOne(Employee).mapToPk(),
    period: p.string().length(16),
    severity: p.string().length(16).$type<(typeof ALERT_SEVERITIES)[number]>(),
    status: p.string().length(16).$type<(typeof ALERT_STATUSES)[number]>().default('open'),
    message: p.json<{ en: string; ru: string }>(),
    /** what fired the rule: a CRM event, or a period evaluation (exactly one of the two) */
    causeEvent: () => p.manyToOne(Event).mapToPk().nullable(),
    causeEvaluation: () => p.manyToOne(Evaluation).mapToPk().nullable().index(false),
    /** who acknowledged the alert and when (`user:<id>` or `token:<id>`, as the audit log names actors) */
    acknowledgedBy: p.string().length(64).nullable(),
    acknowledgedAt: p.datetime().nullable(),
    /** who resolved it and when; resolving an open alert acknowledges it too */
    resolvedBy: p.string().length(64).nullable(),
    resolvedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Alert = InferEntity<typeof Alert>;
