// The gate a version passes before it is published: every rule valid against the metric catalog, a sound
// review policy, schedule and clawback policy, and every golden case giving its expected payout.
import { renderTrace, validate } from '@yardstick/rules';
import {
  type ClawbackPolicy,
  DEAL_WON,
  type GoldenCaseResult,
  resolveReviewPolicy,
  runGoldenCases,
  type SchemeDefinition,
} from '@yardstick/workflows/shared';
import { AppError } from '../../lib/errors.ts';
import { scheduleProblems } from '../schedules/schedule-spec.ts';

export interface RuleProblem {
  /** JSON pointer into the version's definition */
  path: string;
  code: string;
  message: string;
  messageRu: string;
}

/** Every problem of the version's rules: payout, KPI lines (metrics and weights) and alert conditions. */
export function ruleProblems(definition: SchemeDefinition, catalog: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const check = (rule: unknown, at: string) => {
    const result = validate(rule, { catalog: [...catalog] });
    if (result.ok) return;
    for (const p of result.problems) {
      problems.push({ path: `${at}${p.path}`, code: p.code, message: p.message.en, messageRu: p.message.ru });
    }
  };
  if (definition.payout !== null && definition.payout !== undefined) check(definition.payout, '/payout');
  definition.kpis.forEach((line, i) => {
    if (!catalog.includes(line.metric)) {
      problems.push({
        path: `/kpis/${i}/metric`,
        code: 'rule.unknown_kpi',
        message: `There is no metric "${line.metric}"`,
        messageRu: `Метрики «${line.metric}» нет`,
      });
    }
    check({ scale: [{ var: 'x' }, line.threshold, line.plan ?? 1, line.cap, line.scale ?? 'linear'] }, `/kpis/${i}`);
  });
  if (definition.kpis.length > 0) {
    check({ weighted: definition.kpis.map((line) => [line.weight, 0]) }, '/kpis');
  }
  definition.alertRules.forEach((alert, i) => {
    check(alert.when, `/alertRules/${i}/when`);
  });
  if (definition.clawback !== undefined && definition.clawback !== null) {
    problems.push(...clawbackProblems(definition.clawback));
  }
  // a pointer into a synthetic rule is only meaningful up to the line it came from
  return problems.map((p) =>
    p.path.startsWith('/kpis') ? { ...p, path: p.path.replace(/^(\/kpis(\/\d+)?).*$/, '$1') } : p,
  );
}

/**
 * Problems of the review policy that its shape alone does not show: a reminder that would fall before every
 * round it belongs to (the review's opening, or its escalation), a reminder listed twice. An escalation to the
 * role that already decides is no problem: there is none then.
 */
export function reviewPolicyProblems(definition: SchemeDefinition): RuleProblem[] {
  const policy = resolveReviewPolicy(definition.reviewPolicy);
  const problems: RuleProblem[] = [];
  if (!policy.required) return problems;
  const escalates = policy.escalateTo !== null && policy.escalateTo !== policy.reviewerRole;
  policy.remindBeforeDays.forEach((days, i) => {
    const path = `/reviewPolicy/remindBeforeDays/${i}`;
    if (days >= policy.deadlineDays && (!escalates || days >= policy.escalationDays)) {
      problems.push({
        path,
        code: 'review_policy.reminder_too_early',
        message: `A reminder ${days} days before the deadline would come before the review opens (deadlineDays ${policy.deadlineDays}${escalates ? `, escalationDays ${policy.escalationDays}` : ''})`,
        messageRu: `Напоминание за ${days} дн. до срока пришло бы раньше начала согласования (deadlineDays ${policy.deadlineDays}${escalates ? `, escalationDays ${policy.escalationDays}` : ''})`,
      });
    }
    if (policy.remindBeforeDays.indexOf(days) !== i) {
      problems.push({
        path,
        code: 'review_policy.duplicate_reminder',
        message: `The reminder ${days} days before the deadline is listed twice`,
        messageRu: `Напоминание за ${days} дн. до срока указано дважды`,
      });
    }
  });
  return problems;
}

const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
/** ten years: a longer window is a typo */
const MAX_CLAWBACK_DAYS = 3660;

/** The clawback policy: a whole number of days in the window, and dotted event types listed once. */
export function clawbackProblems(clawback: ClawbackPolicy): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const { windowDays, events } = clawback;
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > MAX_CLAWBACK_DAYS) {
    problems.push({
      path: '/clawback/windowDays',
      code: 'clawback.invalid_window',
      message: `The clawback window is a whole number of days from 1 to ${MAX_CLAWBACK_DAYS}`,
      messageRu: `Окно возврата — целое число дней от 1 до ${MAX_CLAWBACK_DAYS}`,
    });
  }
  (events ?? []).forEach((type, i) => {
    if (typeof type !== 'string' || !EVENT_TYPE.test(type)) {
      problems.push({
        path: `/clawback/events/${i}`,
        code: 'clawback.invalid_event',
        message: `"${String(type)}" is not an event type such as deal.lost`,
        messageRu: `«${String(type)}» — не тип события вроде deal.lost`,
      });
    } else if (type === DEAL_WON) {
      problems.push({
        path: `/clawback/events/${i}`,
        code: 'clawback.invalid_event',
        message: 'A won deal does not reverse itself',
        messageRu: 'Выигранная сделка не отменяет сама себя',
      });
    } else if ((events ?? []).indexOf(type) !== i) {
      problems.push({
        path: `/clawback/events/${i}`,
        code: 'clawback.invalid_event',
        message: `"${type}" is listed twice`,
        messageRu: `«${type}» указан дважды`,
      });
    }
  });
  return problems;
}

/** Throws 422 when a rule is invalid or a golden case fails; returns the cases that passed. */
export function assertPublishable(definition: SchemeDefinition, catalog: readonly string[]): GoldenCaseResult[] {
  const problems = ruleProblems(definition, catalog);
  if (problems.length > 0) {
    const first = problems[0] as RuleProblem;
    throw new AppError(422, 'scheme.invalid_rules', `Invalid rule at ${first.path}: ${first.message}`, problems);
  }
  const policyProblems = reviewPolicyProblems(definition);
  if (policyProblems.length > 0) {
    const first = policyProblems[0] as RuleProblem;
    throw new AppError(
      422,
      'scheme.invalid_review_policy',
      `Invalid review policy at ${first.path}: ${first.message}`,
      policyProblems,
    );
  }
  const schedule = scheduleProblems(definition);
  if (schedule.length > 0) {
    const first = schedule[0] as { path: string; message: string };
    throw new AppError(422, 'scheme.invalid_schedule', `Invalid schedule at ${first.path}: ${first.message}`, schedule);
  }
  const goldenCases = definition.goldenCases ?? [];
  if (definition.payout !== null && definition.payout !== undefined && goldenCases.length === 0) {
    throw new AppError(
      422,
      'scheme.no_golden_cases',
      'A version with a payout needs at least one golden case (an example employee and the payout expected)',
      [{ path: '/goldenCases', message: 'add at least one case' }],
    );
  }
  const results = runGoldenCases(definition);
  const failed = results.filter((r) => !r.passed);
  if (failed.length > 0) {
    const first = failed[0] as GoldenCaseResult;
    throw new AppError(
      422,
      'scheme.golden_case_failed',
      `Golden case "${first.name}" expected ${first.expected.payout} ${first.expected.currency}, got ${first.actual.payout ?? 'no payout'} ${first.actual.currency}`,
      failed.map((r) => ({
        path: `/goldenCases/${results.indexOf(r)}`,
        case: r.name,
        expected: r.expected,
        actual: r.actual,
        explanation: r.trace ? { en: renderTrace(r.trace, 'en'), ru: renderTrace(r.trace, 'ru') } : null,
        trace: r.trace,
      })),
    );
  }
  return results;
}
