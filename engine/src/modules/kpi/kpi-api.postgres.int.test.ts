// The KPI API on a throwaway PostgreSQL.
import { kpiApiSuite } from './kpi-api.suite.ts';

kpiApiSuite('PostgreSQL', 'postgresql');
