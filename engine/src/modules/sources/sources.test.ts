// Sources through the API on an in-memory SQLite.
import { sourcesSuite } from './sources.suite.ts';

sourcesSuite('SQLite', 'sqlite');
