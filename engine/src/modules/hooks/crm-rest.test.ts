// CRM REST reads (enrichment, reconciliation) on an in-memory SQLite.
import { crmRestSuite } from './crm-rest.suite.ts';

crmRestSuite('SQLite', 'sqlite');
