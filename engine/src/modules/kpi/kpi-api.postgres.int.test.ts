// The KPI API on a throwaway PostgreSQL.
import { startTestPostgres } from '../../../test/postgres.ts';
import { kpiApiSuite } from './kpi-api.suite.ts';

kpiApiSuite('PostgreSQL', startTestPostgres);
