// What notification tests stand on: a small organization (two departments under a head of sales, one elsewhere;
// users of every role, one deactivated), and the outside world a notification reaches, on loopback: an SMTP server
// (the `smtp-server` package) and an HTTP receiver, each recording what arrived and answering as a test tells it.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Department } from '../src/db/entities/department.entity.ts';
import { Employee } from '../src/db/entities/employee.entity.ts';
import { User } from '../src/db/entities/user.entity.ts';
import type { Orm } from '../src/db/orm.ts';

export interface NotificationWorld {
  employee: { anna: string; boris: string; carl: string; dora: string };
  user: { anna: string; boris: string; carl: string; hr: string; formerHr: string; admin: string };
}

/**
 * sales (Boris heads it) → sales-msk (Anna, Dora); support (Carl manages it). Users: Anna (employee), Boris and Carl
 * (managers), an HR user, a deactivated HR user, an admin. Dora has no user.
 */
export async function seedNotificationWorld(orm: Orm, suffix = ''): Promise<NotificationWorld> {
  const em = orm.em.fork();
  const dept = (key: string, parent: string | null) =>
    em.create(Department, { id: crypto.randomUUID(), key: `${key}${suffix}`, name: key, parent });
  const sales = dept('sales', null);
  const msk = dept('sales-msk', sales.id);
  const support = dept('support', null);
  const person = (name: string, department: string) =>
    em.create(Employee, { id: crypto.randomUUID(), name, role: 'sales', department });
  const anna = person('Anna', msk.id);
  const boris = person('Boris', sales.id);
  const carl = person('Carl', support.id);
  const dora = person('Dora', msk.id);
  const user = (name: string, role: string, employee: string | null, deactivated = false) =>
    em.create(User, {
      id: crypto.randomUUID(),
      email: `${name}${suffix}@notify.test`,
      name,
      passwordHash: 'x',
      role: role as User['role'],
      employee,
      deactivatedAt: deactivated ? new Date() : null,
    });
  const users = {
    anna: user('anna', 'employee', anna.id),
    boris: user('boris', 'manager', boris.id),
    carl: user('carl', 'manager', carl.id),
    hr: user('hr', 'hr', null),
    formerHr: user('former-hr', 'hr', null, true),
    admin: user('admin', 'admin', null),
  };
  await em.flush();
  return {
    employee: { anna: anna.id, boris: boris.id, carl: carl.id, dora: dora.id },
    user: Object.fromEntries(Object.entries(users).map(([k, u]) => [k, u.id])) as NotificationWorld['user'],
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  messageId: string | null;
  /** decoded */
  subject: string | null;
  /** the plain-text body, decoded */
  text: string;
  raw: string;
}

/** Reads a header, unfolded, with RFC 2047 encoded words decoded. */
function headerOf(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const value = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded)?.[1]?.trim();
  if (value == null) return null;
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?(.*?)\?=/gi, (_m, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replaceAll('_', ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

function bodyOf(raw: string): string {
  const [, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\r\n\r\n');
  return /^Content-Transfer-Encoding:\s*quoted-printable/im.test(raw) ? decodeQuotedPrintable(body) : body;
}

export interface SmtpSink {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** the credentials each authenticated session gave */
  logins: { user: string; password: string }[];
  /** the SMTP reply code for the next messages, one per message (then 250): e.g. [451] or [550] */
  refuseNext(...codes: number[]): void;
  stop(): Promise<void>;
}

/** An SMTP server on loopback that accepts any sender and recipient and keeps each accepted message. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const logins: SmtpSink['logins'] = [];
  const refusals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = refusals.shift();
        if (code) {
          const error = Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), {
            responseCode: code,
          });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: headerOf(raw, 'Message-ID'),
          subject: headerOf(raw, 'Subject'),
          text: bodyOf(raw),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    logins,
    refuseNext: (...codes) => refusals.push(...codes),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedPost {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
  /** the status it was answered with */
  status: number;
}

export interface WebhookSink {
  url: string;
  posts: ReceivedPost[];
  /** the statuses of the next answers, one per request (then 200) */
  answerNext(...statuses: number[]): void;
  stop(): Promise<void>;
}

/** An HTTP receiver on loopback that keeps every request it gets. */
export async function startWebhookSink(): Promise<WebhookSink> {
  const posts: ReceivedPost[] = [];
  const answers: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = answers.shift() ?? 200;
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {}
      posts.push({ path: req.url ?? '', headers: req.headers, body, json, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status < 300 ? { ok: true } : { ok: false, description: `answered ${status}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    answerNext: (...statuses) => answers.push(...statuses),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
