// Sources through the API on a throwaway PostgreSQL.
import { sourcesSuite } from './sources.suite.ts';

sourcesSuite('PostgreSQL', 'postgresql');
