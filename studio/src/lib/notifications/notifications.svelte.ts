// Short-lived messages shown in the corner (a failed action, a confirmation). One queue for the app.
export type NotificationKind = 'info' | 'success' | 'error';

export interface Notification {
  id: number;
  kind: NotificationKind;
  text: string;
}

const DEFAULT_TIMEOUT_MS = 6000;

class Notifications {
  items = $state<Notification[]>([]);
  #nextId = 1;

  show(kind: NotificationKind, text: string, timeoutMs = DEFAULT_TIMEOUT_MS): number {
    const id = this.#nextId++;
    // The same text twice in a row (a failing auto-refresh) replaces the older one.
    this.items = [...this.items.filter((item) => item.text !== text), { id, kind, text }];
    if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((item) => item.id !== id);
  }
}

export const notifications = new Notifications();
