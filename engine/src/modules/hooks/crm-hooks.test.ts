// CRM webhooks on an in-memory SQLite.
import { crmHooksSuite } from './crm-hooks.suite.ts';

crmHooksSuite('SQLite', 'sqlite');
