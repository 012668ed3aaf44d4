// Events after the answer on a throwaway PostgreSQL.
import { attributionSuite } from './attribution.suite.ts';

attributionSuite('PostgreSQL', 'postgresql');
