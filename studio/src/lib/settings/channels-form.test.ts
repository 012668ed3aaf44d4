import { describe, expect, it } from 'vitest';
import { channelProblems, channelsBody, newWebhook, settingsOf } from './channels-form.ts';

describe('channels form', () => {
  it('sends the masked credentials back as they came, a new webhook without an id', () => {
    const settings = settingsOf({
      email: {
        enabled: true,
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        user: 'kpi',
        password: '••••••••',
        from: 'kpi@example.com',
      },
      emailSource: 'settings',
      webhooks: [
        {
          id: 'w1',
          name: 'Slack',
          enabled: true,
          url: 'https://hooks.slack.com/••••••••',
          secret: '',
          format: 'slack',
          chatId: 'x',
          topics: ['alert'],
        },
      ],
    });
    settings.webhooks.push({ ...newWebhook('Ops'), url: ' https://ops.example.com/hook ' });
    const body = channelsBody(settings);
    expect(body.email?.password).toBe('••••••••');
    expect(body.webhooks[0]).toMatchObject({ id: 'w1', url: 'https://hooks.slack.com/••••••••', chatId: null });
    expect(body.webhooks[1]).not.toHaveProperty('id');
    expect(body.webhooks[1]?.url).toBe('https://ops.example.com/hook');
  });

  it('places the engine’s problems under their field', () => {
    expect(
      channelProblems([
        { path: '/email/host', message: 'Required' },
        { path: '/webhooks/1/chatId', message: 'a Telegram chat id is required' },
        { path: '/webhooks', message: 'too many' },
      ]),
    ).toEqual({
      fields: { 'email.host': 'Required', 'webhooks.1.chatId': 'a Telegram chat id is required' },
      other: [{ path: '/webhooks', message: 'too many' }],
    });
  });
});
