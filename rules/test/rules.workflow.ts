// A workflow that uses @yardstick/rules the way the worker will: it is bundled by Temporal's
// webpack bundler into the deterministic workflow sandbox (no eval, no Node APIs, no clock).
import {
  compile,
  evaluate,
  explain,
  kpiCardTemplates,
  RuleError,
  references,
  renderTrace,
  validate,
} from '@yardstick/rules';

export interface RulesProbe {
  valid: boolean;
  payouts: unknown[];
  alert: unknown;
  references: unknown;
  why: string;
  thrown: string | null;
}

export async function rulesProbeWorkflow(contexts: unknown[]): Promise<RulesProbe> {
  const card = kpiCardTemplates.find((t) => t.id === 'kpi-coefficients');
  if (!card) throw new Error('template missing');
  const payout = compile(card.rule);
  const alert = { and: [{ '==': [{ var: 'event.type' }, 'deal.lost'] }, { '>=': [{ var: 'event.amount' }, 100000] }] };
  let thrown: string | null = null;
  try {
    evaluate({ throw: 'no_plan' }, {});
  } catch (error) {
    thrown = error instanceof RuleError ? `${error.code}:${String(error.thrown)}` : 'other';
  }
  return {
    valid: validate(card.rule, { catalog: card.metrics }).ok,
    payouts: contexts.map((context) => payout.run(context)),
    alert: evaluate(alert, { event: { type: 'deal.lost', amount: 300000 } }),
    references: references(card.rule),
    why: renderTrace(explain(card.rule, contexts[0]), 'ru'),
    thrown,
  };
}
