// The signed-in user's in-app notifications: a page of them with the unread count, and marking read.
import { api, type CallOptions, call, init, type Schema } from './client.ts';

export type Notification = Schema<'Notification'>;

export interface NotificationPage {
  items: Notification[];
  total: number;
  unread: number;
}

export function listNotifications(limit = 20, options: CallOptions = {}): Promise<NotificationPage> {
  return call(api.GET('/api/notifications', { params: { query: { limit } }, ...init(options) }));
}

export function markNotificationRead(id: string): Promise<Notification> {
  return call(api.POST('/api/notifications/{id}/read', { params: { path: { id } } }));
}

export function markAllNotificationsRead(): Promise<{ marked: number }> {
  return call(api.POST('/api/notifications/read-all'));
}
