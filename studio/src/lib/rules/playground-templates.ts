// The ready-made rules the playground starts from: the rule language's two KPI cards (each with its
// worked example as the context) and the demo alert rule the engine seeds ("a big deal was lost").
import { kpiCardTemplates, type Message, type Rule } from '@yardstick/rules';
import type { MessageKey } from '../i18n/messages.ts';
import { translate } from '../i18n/translate.ts';

export interface PlaygroundTemplate {
  id: string;
  title: Message;
  description: Message;
  rule: Rule;
  context: unknown;
}

function message(key: MessageKey): Message {
  return { en: translate('en', key), ru: translate('ru', key) };
}

export const DEAL_LOST_ALERT_RULE: Rule = {
  and: [{ '==': [{ var: 'event.type' }, 'deal.lost'] }, { '>=': [{ var: 'event.amount' }, 100000] }],
};

export const PLAYGROUND_TEMPLATES: readonly PlaygroundTemplate[] = [
  ...kpiCardTemplates.map((template) => ({
    id: template.id,
    title: template.title,
    description: template.description,
    rule: template.rule,
    context: template.example.context,
  })),
  {
    id: 'deal-lost-alert',
    title: message('rules.template.dealLost.title'),
    description: message('rules.template.dealLost.description'),
    rule: DEAL_LOST_ALERT_RULE,
    context: {
      employee: { id: 'e-17', role: 'sales', department: 'moscow-b2b' },
      event: { type: 'deal.lost', amount: 300000, currency: 'RUB' },
    },
  },
];
