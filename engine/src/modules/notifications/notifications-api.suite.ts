// The notifications API as a user meets it, on SQLite (notifications-api.test.ts) and a real PostgreSQL
// (notifications-api.int.test.ts): in-app notices listed unread first and marked read, and the admin's channels
// (credentials masked, masked values kept, validation with JSON paths, a test send to a local SMTP server and a
// local webhook receiver).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  type InProcessApp,
  type SessionHeaders,
  startInProcessApp,
} from '../../../test/in-process-app.ts';
import {
  type SmtpSink,
  startSmtpSink,
  startWebhookSink,
  type WebhookSink,
} from '../../../test/notification-fixtures.ts';
import { NotificationChannel } from '../../db/entities/notification-channel.entity.ts';
import { User } from '../../db/entities/user.entity.ts';
import { planNotifications } from './notification.service.ts';
import { loadChannels } from './notification-channels.ts';

interface Body {
  [key: string]: unknown;
}
interface Item {
  id: string;
  subject: { en: string; ru: string };
  readAt: string | null;
  link: string | null;
}

export function describeNotificationsApi(label: string, database: Database): void {
  describe(`notifications API (${label})`, () => {
    let app: InProcessApp;
    let smtp: SmtpSink;
    let hooks: WebhookSink;
    const as = {} as Record<'admin' | 'manager' | 'employee', SessionHeaders>;
    let employeeId: string;

    const call = async (method: string, path: string, headers: SessionHeaders, body?: unknown) => {
      const response = await app.call(method, path, headers, body);
      return { status: response.status, json: (await response.json()) as Body };
    };

    beforeAll(async () => {
      smtp = await startSmtpSink();
      hooks = await startWebhookSink();
      app = await startInProcessApp(database, {
        env: { SMTP_URL: `smtp://mailer:env-password@127.0.0.1:${smtp.port}`, SMTP_FROM: 'kpi@vector.test' },
      });
      as.admin = await app.login('admin@yardstick.demo', 'demo-admin');
      as.manager = await app.login('manager@yardstick.demo', 'demo-manager');
      as.employee = await app.login('employee@yardstick.demo', 'demo-employee');
      const user = await app.orm.em.fork().findOneOrFail(User, { email: 'employee@yardstick.demo' });
      employeeId = user.employee as string;
    });
    afterAll(async () => {
      await app?.stop();
      await smtp?.stop();
      await hooks?.stop();
    });

    const notice = async (key: string, subject: string) => {
      const em = app.orm.em.fork();
      await planNotifications(
        em,
        {
          key,
          topic: 'review.decided',
          employeeId,
          audience: ['employee'],
          subject: { en: subject, ru: subject },
          body: { en: 'b', ru: 'б' },
          link: `/reviews/${key}`,
        },
        { email: null, emailSource: 'none', webhooks: [] },
      );
    };
    const list = async (headers: SessionHeaders, query = '') => {
      const r = await call('GET', `/api/notifications${query}`, headers);
      expect(r.status).toBe(200);
      return r.json as { items: Item[]; total: number; unread: number };
    };

    describe('in-app notifications', () => {
      it('lists the caller’s own, unread first then newest first, and marks one or all read', async () => {
        for (const n of [1, 2, 3]) await notice(`in-app-${n}`, `Notice ${n}`);
        let mine = await list(as.employee);
        expect(mine).toMatchObject({ total: 3, unread: 3 });
        expect(mine.items.map((i) => i.subject.en)).toEqual(['Notice 3', 'Notice 2', 'Notice 1']);
        expect(mine.items[0]?.link).toBe('/reviews/in-app-3');
        // nobody else sees them
        expect((await list(as.manager)).total).toBe(0);

        const newest = mine.items[0] as Item;
        const read = await call('POST', `/api/notifications/${newest.id}/read`, as.employee);
        expect(read.status).toBe(200);
        expect(read.json.readAt).toEqual(expect.any(String));
        mine = await list(as.employee);
        expect(mine.unread).toBe(2);
        expect(mine.items.map((i) => i.subject.en)).toEqual(['Notice 2', 'Notice 1', 'Notice 3']);
        expect((await list(as.employee, '?unread=true')).items.map((i) => i.subject.en)).toEqual([
          'Notice 2',
          'Notice 1',
        ]);
        expect((await list(as.employee, '?limit=1&offset=1')).items.map((i) => i.subject.en)).toEqual(['Notice 1']);

        // another user's notification is not there for the caller
        expect((await call('POST', `/api/notifications/${newest.id}/read`, as.manager)).status).toBe(404);

        const all = await call('POST', '/api/notifications/read-all', as.employee);
        expect(all.json).toEqual({ marked: 2 });
        expect((await list(as.employee)).unread).toBe(0);
      });
    });

    describe('channels', () => {
      it('shows the environment’s SMTP server while none is stored, its password masked', async () => {
        const r = await call('GET', '/api/notification-channels', as.admin);
        expect(r.status).toBe(200);
        expect(r.json).toEqual({
          email: {
            enabled: true,
            host: '127.0.0.1',
            port: smtp.port,
            secure: false,
            user: 'mailer',
            password: '••••••••',
            from: 'kpi@vector.test',
          },
          emailSource: 'environment',
          webhooks: [],
        });
      });

      it('stores channels, masks credentials, and keeps them when the masked values come back', async () => {
        const put = await call('PUT', '/api/notification-channels', as.admin, {
          email: {
            host: '127.0.0.1',
            port: smtp.port,
            user: 'kpi',
            password: 'smtp-password',
            from: 'Yardstick <kpi@vector.test>',
          },
          webhooks: [
            {
              name: 'Sales chat',
              url: 'https://api.telegram.org/bot123:SECRET/sendMessage',
              format: 'telegram',
              chatId: '-100500',
              topics: ['alert'],
            },
            { name: 'Integrations', url: `${hooks.url}/yardstick`, secret: 'hook-secret' },
          ],
        });
        expect(put.status).toBe(200);
        const shown = put.json as { email: Body; emailSource: string; webhooks: Body[] };
        expect(shown.emailSource).toBe('settings');
        expect(shown.email.password).toBe('••••••••');
        expect(shown.webhooks.map((w) => [w.name, w.url, w.secret, w.format, w.topics])).toEqual([
          ['Sales chat', 'https://api.telegram.org/••••••••', '', 'telegram', ['alert']],
          ['Integrations', `${hooks.url}/••••••••`, '••••••••', 'json', []],
        ]);
        expect(JSON.stringify(shown)).not.toMatch(/SECRET|smtp-password|hook-secret/);

        // the studio sends back what it was shown, with one change
        const again = await call('PUT', '/api/notification-channels', as.admin, {
          email: { ...shown.email, enabled: false },
          webhooks: shown.webhooks,
        });
        expect(again.status).toBe(200);
        const stored = await loadChannels(app.orm.em.fork());
        expect(stored.email).toMatchObject({ enabled: false, password: 'smtp-password' });
        expect(stored.webhooks.map((w) => [w.id, w.url, w.secret])).toEqual(
          shown.webhooks.map((w, i) => [
            w.id,
            i === 0 ? 'https://api.telegram.org/bot123:SECRET/sendMessage' : `${hooks.url}/yardstick`,
            i === 0 ? '' : 'hook-secret',
          ]),
        );

        const audit = await call('GET', '/api/audit?entity=notification_channel', as.admin);
        expect(JSON.stringify(audit.json)).not.toMatch(/SECRET|smtp-password|hook-secret/);
        expect((audit.json.items as unknown[]).length).toBe(2);
      });

      it('refuses invalid settings with 422 and the JSON path of each problem', async () => {
        const r = await call('PUT', '/api/notification-channels', as.admin, {
          email: { host: '', port: 0, from: 'nobody' },
          webhooks: [{ name: 'Chat', url: 'ftp://x', format: 'telegram' }],
        });
        expect(r.status).toBe(422);
        const paths = ((r.json.error as Body).details as { path: string }[]).map((d) => d.path).sort();
        expect(paths).toEqual(['/email/from', '/email/host', '/email/port', '/webhooks/0/chatId', '/webhooks/0/url']);
        // nothing changed
        expect((await app.orm.em.fork().count(NotificationChannel, { kind: 'webhook' })) > 0).toBe(true);
      });

      it('sends a test e-mail and a test webhook post through the stored channels', async () => {
        const shown = (await call('GET', '/api/notification-channels', as.admin)).json as {
          email: Body;
          webhooks: { id: string; name: string }[];
        };
        await call('PUT', '/api/notification-channels', as.admin, {
          email: { ...shown.email, enabled: true },
          webhooks: shown.webhooks,
        });
        const mail = await call('POST', '/api/notification-channels/test', as.admin, {
          channel: 'email',
          to: 'ops@vector.test',
        });
        expect(mail.json).toEqual({ ok: true, error: null, permanent: false });
        expect(smtp.mails.map((m) => m.to)).toEqual([['ops@vector.test']]);
        // with the stored password, which the API never showed
        expect(smtp.logins).toEqual([{ user: 'kpi', password: 'smtp-password' }]);

        const integrations = shown.webhooks.find((w) => w.name === 'Integrations') as { id: string };
        const post = await call('POST', '/api/notification-channels/test', as.admin, {
          channel: 'webhook',
          webhookId: integrations.id,
        });
        expect(post.json).toEqual({ ok: true, error: null, permanent: false });
        expect(hooks.posts.map((p) => p.path)).toEqual(['/yardstick']);
        expect(hooks.posts[0]?.headers['x-yardstick-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

        hooks.answerNext(400);
        const refused = await call('POST', '/api/notification-channels/test', as.admin, {
          channel: 'webhook',
          webhookId: integrations.id,
        });
        expect(refused.json).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/400/) });
        expect(
          (await call('POST', '/api/notification-channels/test', as.admin, { channel: 'webhook', webhookId: 'nope' }))
            .status,
        ).toBe(404);
      });
    });
  });
}
