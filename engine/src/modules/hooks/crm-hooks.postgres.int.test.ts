// CRM webhooks on a throwaway PostgreSQL.
import { crmHooksSuite } from './crm-hooks.suite.ts';

crmHooksSuite('PostgreSQL', 'postgresql');
