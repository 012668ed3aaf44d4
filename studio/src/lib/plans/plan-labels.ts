// The dependency the plans page reloads by, and how a target problem reads.
import type { MessageKey } from '../i18n/messages.ts';
import type { TargetProblem } from './targets.ts';

export const PLANS_DEPENDENCY = 'app:plans';

export const TARGET_PROBLEM: Record<TargetProblem, MessageKey> = {
  not_a_number: 'plans.problem.not_a_number',
  negative: 'plans.problem.negative',
  not_whole: 'plans.problem.not_whole',
  too_many_decimals: 'plans.problem.too_many_decimals',
  too_large: 'plans.problem.too_large',
};
