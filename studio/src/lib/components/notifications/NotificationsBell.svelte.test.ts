// The bell in jsdom, against a stand-in for the engine's three notification routes (the real ones are
// tested in engine/src/modules/notifications): the unread count in the button's name, the popover by
// keyboard, Escape back to the bell, and "mark all read".
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Notification } from '../../api/notifications.ts';

const notice = (id: string, subject: string, readAt: string | null): Notification => ({
  id,
  topic: 'review.requested',
  channel: 'in_app',
  status: 'sent',
  subject: { en: subject, ru: subject },
  body: { en: 'Decide by Dec 8', ru: 'Решите до 8 дек.' },
  link: `/reviews/${id}`,
  employeeId: null,
  createdAt: '2026-12-03T12:00:00.000Z',
  readAt,
});

let stored = [
  notice('n1', 'Review the bonus of Алексей Смирнов', null),
  notice('n2', 'Older news', '2026-12-01T00:00:00Z'),
];
const writes: string[] = [];

// the api client takes fetch when it is created, so the stand-in goes in before the component is imported
vi.stubGlobal('fetch', async (request: Request) => {
  const { pathname } = new URL(request.url);
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  if (request.method === 'GET' && pathname === '/api/notifications') {
    return json({ items: stored, total: stored.length, unread: stored.filter((n) => !n.readAt).length });
  }
  if (request.method === 'POST' && pathname === '/api/notifications/read-all') {
    writes.push(pathname);
    const marked = stored.filter((n) => !n.readAt).length;
    stored = stored.map((n) => ({ ...n, readAt: n.readAt ?? '2026-12-03T13:00:00Z' }));
    return json({ marked });
  }
  return new Response(JSON.stringify({ error: { code: 'not_found', message: pathname } }), { status: 404 });
});
const { default: NotificationsBell } = await import('./NotificationsBell.svelte');
const { locale } = await import('../../i18n/i18n.svelte.ts');

describe('NotificationsBell', () => {
  afterEach(() => {
    cleanup();
    locale.set('en');
  });

  it('names the unread count, opens by keyboard, closes on Escape back to the bell, marks all read', async () => {
    locale.set('en');
    render(NotificationsBell);
    const user = userEvent.setup();
    const bell = await screen.findByRole('button', { name: 'Notifications: 1 unread' });
    expect(bell.getAttribute('aria-expanded')).toBe('false');

    bell.focus();
    await user.keyboard('{Enter}');
    expect(bell.getAttribute('aria-expanded')).toBe('true');
    const panel = screen.getByRole('dialog', { name: 'Notifications' });
    expect(bell.getAttribute('aria-controls')).toBe(panel.id);
    expect(await screen.findByText('Review the bonus of Алексей Смирнов')).toBeTruthy();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(bell);

    await user.keyboard('{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Mark all read' }));
    expect(writes).toEqual(['/api/notifications/read-all']);
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBe(bell);
    expect(screen.queryByRole('button', { name: 'Mark all read' })).toBeNull();
  });

  it('speaks Russian with the right plural', async () => {
    stored = [notice('a', 'Один', null), notice('b', 'Два', null), notice('c', 'Три', null)];
    locale.set('ru');
    render(NotificationsBell);
    expect(await screen.findByRole('button', { name: 'Уведомления: 3 непрочитанных' })).toBeTruthy();
  });
});
