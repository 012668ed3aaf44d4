// The signed-in user's in-app notifications as the bell shows them: the latest page and the unread
// count, refreshed on a timer while the bell is shown, and marking one or all read.
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type Notification,
} from '../api/notifications.ts';

/** How many the bell lists; the count covers them all. */
export const BELL_PAGE_SIZE = 15;

export class NotificationInbox {
  items = $state<Notification[]>([]);
  unread = $state(0);
  total = $state(0);
  /** the last refresh failed: the bell says so instead of a stale "all read" */
  failed = $state(false);
  loaded = $state(false);

  async refresh(): Promise<void> {
    try {
      const page = await listNotifications(BELL_PAGE_SIZE);
      this.items = page.items;
      this.unread = page.unread;
      this.total = page.total;
      this.failed = false;
    } catch {
      this.failed = true;
    } finally {
      this.loaded = true;
    }
  }

  async markRead(notification: Notification): Promise<void> {
    if (notification.readAt) return;
    const read = await markNotificationRead(notification.id);
    this.items = this.items.map((item) => (item.id === read.id ? read : item));
    this.unread = Math.max(0, this.unread - 1);
  }

  async markAllRead(): Promise<void> {
    await markAllNotificationsRead();
    const now = new Date().toISOString();
    this.items = this.items.map((item) => (item.readAt ? item : { ...item, readAt: now }));
    this.unread = 0;
  }
}
