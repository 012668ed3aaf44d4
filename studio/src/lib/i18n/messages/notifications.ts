// Messages of the studio's notifications screens (see ../messages.ts for the conventions).
import type { Message, Translation } from './types.ts';

export const en = {
  'notifications.bell.label': 'Notifications',
  'notifications.bell.unread': { one: 'Notifications: {count} unread', other: 'Notifications: {count} unread' },
  'notifications.panel.title': 'Notifications',
  'notifications.panel.readAll': 'Mark all read',
  'notifications.panel.failed': 'Notifications could not be loaded. Retrying shortly.',
  'notifications.panel.empty': 'Nothing here yet. Reviews to decide and decisions on your bonus show up here.',
  'notifications.panel.unreadMark': 'Unread:',
  'notifications.panel.more': { one: '{count} older notification', other: '{count} older notifications' },
} as const satisfies Record<string, Message>;

export const ru: Translation<typeof en> = {
  'notifications.bell.label': 'Уведомления',
  'notifications.bell.unread': {
    one: 'Уведомления: {count} непрочитанное',
    few: 'Уведомления: {count} непрочитанных',
    many: 'Уведомления: {count} непрочитанных',
    other: 'Уведомления: {count} непрочитанного',
  },
  'notifications.panel.title': 'Уведомления',
  'notifications.panel.readAll': 'Прочитать все',
  'notifications.panel.failed': 'Не удалось загрузить уведомления. Скоро попробуем снова.',
  'notifications.panel.empty': 'Пока пусто. Здесь появятся проверки, ждущие решения, и решения по вашей премии.',
  'notifications.panel.unreadMark': 'Не прочитано:',
  'notifications.panel.more': {
    one: 'Ещё {count} более раннее уведомление',
    few: 'Ещё {count} более ранних уведомления',
    many: 'Ещё {count} более ранних уведомлений',
    other: 'Ещё {count} более раннего уведомления',
  },
};
