// Messages of the studio's dashboard (see ../messages.ts for the conventions).
import type { Message, Translation } from './types.ts';

export const en = {
  'dashboard.pageTitle': 'Dashboard',
  'dashboard.title': 'Dashboard',
  'dashboard.subtitle': '{period}: {elapsed} of {total} working days passed',
  'dashboard.subtitleNoCalendar': 'Progress against plans in {period}',
  'dashboard.error.title': 'Progress could not be loaded',
  'dashboard.section.error': 'This part could not be loaded',

  'dashboard.progress.title': 'Plan fulfilment',
  'dashboard.progress.subtitle': 'Where the company and each department stand against plan, the pace and the forecast',
  'dashboard.progress.empty.title': 'No plans in this period',
  'dashboard.progress.empty.body': 'Set plans for {period} to see progress here.',
  'dashboard.progress.company': 'Company',
  'dashboard.progress.metric': 'Metric',
  'dashboard.progress.actualOfPlan': 'Actual of plan',
  'dashboard.progress.attainment': 'Progress',
  'dashboard.progress.forecast': 'Forecast',
  'dashboard.progress.status': 'Status',
  'dashboard.progress.members': { one: 'plans of {count} person', other: 'plans of {count} people' },
  'dashboard.progress.ownPlan': 'plan of the {scope}',
  'dashboard.progress.ownPlanScope': 'department',

  'dashboard.mine.title': 'My goals',
  'dashboard.mine.subtitle': 'Your progress against plan in {period}',
  'dashboard.mine.open': 'Open my card',

  'dashboard.risk.title': 'Needs attention',
  'dashboard.risk.subtitle': 'People at risk or off track on at least one goal, the furthest behind first',
  'dashboard.risk.empty.title': 'Everyone is on track',
  'dashboard.risk.empty.body': 'Nobody is behind the pace on a goal with a plan.',
  'dashboard.risk.goal': '{metric}: {attainment} (expected {pace})',
  'dashboard.risk.more': { one: 'and {count} more', other: 'and {count} more' },

  'dashboard.alerts.title': 'Recent alerts',
  'dashboard.alerts.subtitle': 'Open alerts, newest first',
  'dashboard.alerts.empty': 'No open alerts.',
  'dashboard.alerts.all': 'All alerts',

  'dashboard.reviews.title': 'Bonuses awaiting review',
  'dashboard.reviews.subtitle': 'Proposed bonuses waiting for a decision, earliest deadline first',
  'dashboard.reviews.empty': 'Nothing waits for a decision.',
  'dashboard.reviews.all': 'Open the reviews',
  'dashboard.reviews.deadline': 'Due {time}',
  'dashboard.reviews.overdue': 'Overdue since {time}',
} as const satisfies Record<string, Message>;

export const ru: Translation<typeof en> = {
  'dashboard.pageTitle': 'Сводка',
  'dashboard.title': 'Сводка',
  'dashboard.subtitle': '{period}: прошло {elapsed} из {total} рабочих дней',
  'dashboard.subtitleNoCalendar': 'Выполнение планов за {period}',
  'dashboard.error.title': 'Не удалось загрузить выполнение планов',
  'dashboard.section.error': 'Не удалось загрузить этот раздел',

  'dashboard.progress.title': 'Выполнение плана',
  'dashboard.progress.subtitle': 'Где компания и каждый отдел относительно плана, темп и прогноз',
  'dashboard.progress.empty.title': 'В этом периоде планов нет',
  'dashboard.progress.empty.body': 'Задайте планы на {period}, чтобы видеть здесь выполнение.',
  'dashboard.progress.company': 'Компания',
  'dashboard.progress.metric': 'Метрика',
  'dashboard.progress.actualOfPlan': 'Факт из плана',
  'dashboard.progress.attainment': 'Выполнение',
  'dashboard.progress.forecast': 'Прогноз',
  'dashboard.progress.status': 'Статус',
  'dashboard.progress.members': {
    one: 'планы {count} сотрудника',
    few: 'планы {count} сотрудников',
    many: 'планы {count} сотрудников',
    other: 'планы {count} сотрудника',
  },
  'dashboard.progress.ownPlan': 'план уровня «{scope}»',
  'dashboard.progress.ownPlanScope': 'отдел',

  'dashboard.mine.title': 'Мои цели',
  'dashboard.mine.subtitle': 'Ваше выполнение плана за {period}',
  'dashboard.mine.open': 'Открыть мою карточку',

  'dashboard.risk.title': 'Требуют внимания',
  'dashboard.risk.subtitle':
    'Сотрудники, отстающие или под угрозой хотя бы по одной цели; сильнее всех отстающие — первыми',
  'dashboard.risk.empty.title': 'Все в графике',
  'dashboard.risk.empty.body': 'Никто не отстаёт от темпа по целям с планом.',
  'dashboard.risk.goal': '{metric}: {attainment} (ожидается {pace})',
  'dashboard.risk.more': { one: 'и ещё {count}', few: 'и ещё {count}', many: 'и ещё {count}', other: 'и ещё {count}' },

  'dashboard.alerts.title': 'Последние оповещения',
  'dashboard.alerts.subtitle': 'Открытые оповещения, сначала новые',
  'dashboard.alerts.empty': 'Открытых оповещений нет.',
  'dashboard.alerts.all': 'Все оповещения',

  'dashboard.reviews.title': 'Премии на согласовании',
  'dashboard.reviews.subtitle': 'Предложенные премии, ждущие решения; сначала с ближайшим сроком',
  'dashboard.reviews.empty': 'Решений никто не ждёт.',
  'dashboard.reviews.all': 'Открыть согласования',
  'dashboard.reviews.deadline': 'Срок {time}',
  'dashboard.reviews.overdue': 'Просрочено с {time}',
};
