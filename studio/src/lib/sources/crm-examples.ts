// A typical webhook body for each kind — a deal won — for the test bench to start from. Shaped after
// the CRMs' documented formats; the tenant ids come from the source's settings where it checks them,
// so an example is not refused for naming another account.
import type { Source } from '../api/types.ts';

function text(settings: Record<string, unknown>, key: string, fallback: string): string {
  const value = settings[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** The example body for `source`, at `now`; empty for a kind without one. */
export function exampleBody(source: Pick<Source, 'kind' | 'settings'>, now: Date = new Date()): string {
  const { settings } = source;
  const iso = now.toISOString();
  const unix = String(Math.floor(now.getTime() / 1000));
  switch (source.kind) {
    case 'generic':
      return JSON.stringify(
        {
          id: 'deal-1001-won',
          type: 'deal.won',
          employee: 'crm-101',
          amount: '125000.00',
          currency: 'RUB',
          occurredAt: iso,
        },
        null,
        2,
      );
    case 'bitrix24':
      return form({
        event: 'ONCRMDEALUPDATE',
        'data[FIELDS][ID]': '759',
        ts: unix,
        'auth[domain]': 'portal.bitrix24.ru',
        'auth[member_id]': text(settings, 'memberId', 'a223c6b3710f85df22e9377d6c4f7553'),
        'auth[application_token]': 'the-application-token',
      });
    case 'amocrm': {
      const account = text(settings, 'accountId', '30739638');
      return form({
        'leads[status][0][id]': '1190401',
        'leads[status][0][name]': 'Deal #1190401',
        'leads[status][0][status_id]': '142',
        'leads[status][0][old_status_id]': '53861254',
        'leads[status][0][price]': '34343',
        'leads[status][0][responsible_user_id]': '9040358',
        'leads[status][0][pipeline_id]': '6254262',
        'leads[status][0][account_id]': account,
        'leads[status][0][updated_at]': unix,
        'account[subdomain]': 'example',
        'account[id]': account,
      });
    }
    case 'hubspot':
      return JSON.stringify(
        [
          {
            eventId: 1002,
            subscriptionId: 234567,
            portalId: Number(text(settings, 'portalId', '12345678')) || 12345678,
            appId: 987654,
            occurredAt: now.getTime(),
            subscriptionType: 'deal.propertyChange',
            attemptNumber: 0,
            objectId: 17283549612,
            propertyName: 'dealstage',
            propertyValue: 'closedwon',
            changeSource: 'CRM_UI',
          },
        ],
        null,
        2,
      );
    case 'pipedrive':
      return JSON.stringify(
        {
          meta: {
            action: 'change',
            entity: 'deal',
            company_id: text(settings, 'companyId', '623011'),
            entity_id: '21',
            id: '5f0d2c4e-8a41-4b1e-9d3a-0a1b2c3d4e01',
            timestamp: iso,
            user_id: '867597',
            version: '2.0',
          },
          data: {
            id: 21,
            title: 'Acme deal',
            owner_id: 867597,
            value: 1750.5,
            currency: 'EUR',
            pipeline_id: 1,
            stage_id: 3,
            status: 'won',
            update_time: iso,
            won_time: iso,
          },
          previous: { status: 'open', won_time: null },
        },
        null,
        2,
      );
    case 'twenty':
      return JSON.stringify(
        {
          eventName: 'opportunity.updated',
          objectMetadata: { id: '8b1e0f55-0c3a-4b7e-9d6c-2f3a4b5c6d7e', nameSingular: 'opportunity' },
          workspaceId: text(settings, 'workspaceId', '20202020-1c25-4d02-bf25-6aeccf7ea419'),
          eventDate: iso,
          record: {
            id: '5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e',
            name: 'Acme renewal',
            amount: { amountMicros: 19090000000, currencyCode: 'EUR' },
            stage: 'CUSTOMER',
            createdBy: { source: 'MANUAL', workspaceMemberId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' },
            createdAt: iso,
            updatedAt: iso,
          },
          updatedFields: ['stage'],
        },
        null,
        2,
      );
  }
}
