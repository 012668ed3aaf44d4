// Every string the studio shows, in English and Russian. `en` defines the keys; `ru` must have
// exactly the same ones (the type below and messages.test.ts both enforce it). Placeholders are
// `{name}`; a message that depends on a count lists its plural forms (Intl.PluralRules categories).

export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

export interface PluralMessage {
  one: string;
  few?: string;
  many?: string;
  other: string;
}
export type Message = string | PluralMessage;

export const en = {
  'app.name': 'Yardstick',
  'app.tagline': 'KPI progress, alerts and bonuses from your CRM',
  'app.pageTitle': '{page} · Yardstick',
  'app.skipToContent': 'Skip to content',

  'nav.main': 'Main',
  'nav.alerts': 'Alerts',

  'header.signedInAs': 'Signed in as {email}',
  'header.logout': 'Log out',
  'header.loggingOut': 'Logging out…',

  'locale.switchLabel': 'Language',
  'locale.short.en': 'EN',
  'locale.short.ru': 'RU',
  'locale.name.en': 'English',
  'locale.name.ru': 'Русский',

  'login.pageTitle': 'Sign in',
  'login.title': 'Sign in to Yardstick',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.demoHint': 'Demo: admin@yardstick.demo / demo-admin',
  'login.sessionEnded': 'Please sign in to continue.',

  'alerts.pageTitle': 'Alerts',
  'alerts.title': 'Alerts',
  'alerts.subtitle': 'Alert rules that fired for your people, newest first.',
  'alerts.count': { one: '{count} alert', other: '{count} alerts' },
  'alerts.updatedAt': 'Updated {time}',
  'alerts.autoRefresh': 'Refreshes every 5 seconds',
  'alerts.refreshFailed': 'Not updated — retrying every 5 seconds',
  'alerts.filter.label': 'Filter by status',
  'alerts.filter.all': 'All',
  'alerts.column.severity': 'Severity',
  'alerts.column.employee': 'Employee',
  'alerts.column.alert': 'Alert',
  'alerts.column.cause': 'Cause',
  'alerts.column.period': 'Period',
  'alerts.column.time': 'Time',
  'alerts.column.status': 'Status',
  'alerts.rule': 'Rule: {name}',
  'alerts.cause.eventId': 'CRM event ID',
  'alerts.cause.occurredAt': 'Happened {time}',
  'alerts.cause.evaluation': 'KPI evaluation',
  'alerts.cause.evaluationId': 'Evaluation ID',
  'alerts.empty.title': 'No alerts yet',
  'alerts.empty.body':
    'When an alert rule fires — a deal is lost, a plan falls behind — the alert shows up here within seconds.',
  'alerts.emptyFiltered.title': 'Nothing with this status',
  'alerts.emptyFiltered.body': 'There are no alerts with the status “{status}”.',
  'alerts.emptyFiltered.showAll': 'Show all alerts',
  'alerts.error.title': 'Alerts could not be loaded',

  'severity.info': 'Info',
  'severity.warning': 'Warning',
  'severity.critical': 'Critical',

  'status.open': 'Open',
  'status.acknowledged': 'Acknowledged',
  'status.resolved': 'Resolved',

  'eventType.deal.created': 'Deal created',
  'eventType.deal.stage_changed': 'Deal stage changed',
  'eventType.deal.won': 'Deal won',
  'eventType.deal.lost': 'Deal lost',
  'eventType.deal.reopened': 'Deal reopened',
  'eventType.lead.created': 'Lead created',
  'eventType.contact.created': 'Contact created',
  'eventType.call.completed': 'Call completed',
  'eventType.email.sent': 'Email sent',
  'eventType.meeting.held': 'Meeting held',
  'eventType.task.completed': 'Task completed',
  'eventType.task.overdue': 'Task overdue',

  'period.quarter': 'Q{quarter} {year}',
  'period.half': 'H{half} {year}',

  'error.auth.invalid_credentials': 'Wrong email or password.',
  'error.auth.unauthenticated': 'Your session has ended. Please sign in again.',
  'error.auth.forbidden': 'You do not have access to this.',
  'error.invalidInput': 'Some of the data sent was not valid.',
  'error.network': 'Cannot reach the Yardstick server. Check the connection and try again.',
  'error.server': 'The server ran into a problem. Try again in a moment.',
  'error.badResponse': 'The server sent a response the studio could not read.',
  'error.unexpected': 'Something went wrong.',
  'error.retry': 'Try again',
  'error.page.title': 'Something went wrong',
  'error.page.notFound': 'This page does not exist.',
  'error.page.home': 'Go to alerts',

  'common.dismiss': 'Dismiss',
  'common.loading': 'Loading…',
} as const satisfies Record<string, Message>;

export type MessageKey = keyof typeof en;
export type Dictionary = { readonly [K in MessageKey]: Message };

export const ru: Dictionary = {
  'app.name': 'Yardstick',
  'app.tagline': 'Прогресс KPI, оповещения и премии на основе данных CRM',
  'app.pageTitle': '{page} · Yardstick',
  'app.skipToContent': 'Перейти к содержимому',

  'nav.main': 'Основное меню',
  'nav.alerts': 'Оповещения',

  'header.signedInAs': 'Вы вошли как {email}',
  'header.logout': 'Выйти',
  'header.loggingOut': 'Выходим…',

  'locale.switchLabel': 'Язык',
  'locale.short.en': 'EN',
  'locale.short.ru': 'RU',
  'locale.name.en': 'English',
  'locale.name.ru': 'Русский',

  'login.pageTitle': 'Вход',
  'login.title': 'Вход в Yardstick',
  'login.email': 'Электронная почта',
  'login.password': 'Пароль',
  'login.submit': 'Войти',
  'login.submitting': 'Входим…',
  'login.demoHint': 'Демо: admin@yardstick.demo / demo-admin',
  'login.sessionEnded': 'Войдите, чтобы продолжить.',

  'alerts.pageTitle': 'Оповещения',
  'alerts.title': 'Оповещения',
  'alerts.subtitle': 'Сработавшие правила оповещений по сотрудникам, сначала новые.',
  'alerts.count': {
    one: '{count} оповещение',
    few: '{count} оповещения',
    many: '{count} оповещений',
    other: '{count} оповещения',
  },
  'alerts.updatedAt': 'Обновлено в {time}',
  'alerts.autoRefresh': 'Обновляется каждые 5 секунд',
  'alerts.refreshFailed': 'Не обновлено — повтор каждые 5 секунд',
  'alerts.filter.label': 'Фильтр по статусу',
  'alerts.filter.all': 'Все',
  'alerts.column.severity': 'Важность',
  'alerts.column.employee': 'Сотрудник',
  'alerts.column.alert': 'Оповещение',
  'alerts.column.cause': 'Причина',
  'alerts.column.period': 'Период',
  'alerts.column.time': 'Время',
  'alerts.column.status': 'Статус',
  'alerts.rule': 'Правило: {name}',
  'alerts.cause.eventId': 'ID события в CRM',
  'alerts.cause.occurredAt': 'Произошло {time}',
  'alerts.cause.evaluation': 'Расчёт KPI',
  'alerts.cause.evaluationId': 'ID расчёта',
  'alerts.empty.title': 'Оповещений пока нет',
  'alerts.empty.body':
    'Когда срабатывает правило — сделка проиграна, план отстаёт, — оповещение появляется здесь в течение нескольких секунд.',
  'alerts.emptyFiltered.title': 'С таким статусом ничего нет',
  'alerts.emptyFiltered.body': 'Нет оповещений со статусом «{status}».',
  'alerts.emptyFiltered.showAll': 'Показать все оповещения',
  'alerts.error.title': 'Не удалось загрузить оповещения',

  'severity.info': 'Инфо',
  'severity.warning': 'Внимание',
  'severity.critical': 'Критично',

  'status.open': 'Открыто',
  'status.acknowledged': 'Принято',
  'status.resolved': 'Решено',

  'eventType.deal.created': 'Сделка создана',
  'eventType.deal.stage_changed': 'Смена стадии сделки',
  'eventType.deal.won': 'Сделка выиграна',
  'eventType.deal.lost': 'Сделка проиграна',
  'eventType.deal.reopened': 'Сделка переоткрыта',
  'eventType.lead.created': 'Лид создан',
  'eventType.contact.created': 'Контакт создан',
  'eventType.call.completed': 'Звонок завершён',
  'eventType.email.sent': 'Письмо отправлено',
  'eventType.meeting.held': 'Встреча проведена',
  'eventType.task.completed': 'Задача выполнена',
  'eventType.task.overdue': 'Задача просрочена',

  'period.quarter': '{quarter} кв. {year}',
  'period.half': '{half}-е полугодие {year}',

  'error.auth.invalid_credentials': 'Неверная почта или пароль.',
  'error.auth.unauthenticated': 'Сеанс завершён. Войдите снова.',
  'error.auth.forbidden': 'У вас нет доступа к этому разделу.',
  'error.invalidInput': 'Часть отправленных данных некорректна.',
  'error.network': 'Нет связи с сервером Yardstick. Проверьте подключение и попробуйте снова.',
  'error.server': 'На сервере произошла ошибка. Попробуйте чуть позже.',
  'error.badResponse': 'Сервер прислал ответ, который студия не смогла прочитать.',
  'error.unexpected': 'Что-то пошло не так.',
  'error.retry': 'Повторить',
  'error.page.title': 'Что-то пошло не так',
  'error.page.notFound': 'Такой страницы нет.',
  'error.page.home': 'К оповещениям',

  'common.dismiss': 'Закрыть',
  'common.loading': 'Загрузка…',
};

export const dictionaries: { readonly [L in Locale]: Dictionary } = { en, ru };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
