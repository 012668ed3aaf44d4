// CRM REST reads (enrichment, reconciliation) on a throwaway PostgreSQL.
import { crmRestSuite } from './crm-rest.suite.ts';

crmRestSuite('PostgreSQL', 'postgresql');
