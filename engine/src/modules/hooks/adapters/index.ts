// The CRM adapters by source kind, for the webhook route and the enrichment outbox.
import type { CrmAdapter, CrmKind } from './adapter.ts';
import { amocrmAdapter } from './amocrm.adapter.ts';
import { bitrix24Adapter } from './bitrix24.adapter.ts';
import { hubspotAdapter } from './hubspot.adapter.ts';
import { pipedriveAdapter } from './pipedrive.adapter.ts';
import { twentyAdapter } from './twenty.adapter.ts';

export const crmAdapters: Readonly<Record<CrmKind, CrmAdapter>> = {
  bitrix24: bitrix24Adapter,
  amocrm: amocrmAdapter,
  hubspot: hubspotAdapter,
  pipedrive: pipedriveAdapter,
  twenty: twentyAdapter,
};

export * from './adapter.ts';
