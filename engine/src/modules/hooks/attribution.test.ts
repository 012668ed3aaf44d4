// Events after the answer on an in-memory SQLite.
import { attributionSuite } from './attribution.suite.ts';

attributionSuite('SQLite', 'sqlite');
