// Mappings of a CRM-like JSON body (`{ data: { deals: [{ id, status, owner: { id }, closed_at, value, currency,
// pipeline }] } }`) that the mapping's unit tests and the sources API suite share.
import type { GenericMapping } from './generic-mapping.ts';

export const pointerMapping = {
  language: 'pointer',
  items: '/data/deals',
  fields: {
    id: '/id',
    type: '/status',
    employee: '/owner/id',
    occurredAt: '/closed_at',
    amount: '/value',
    currency: '/currency',
    attributes: { pipeline: '/pipeline' },
  },
  types: { won: 'deal.won', lost: 'deal.lost', open: null },
} satisfies GenericMapping;
