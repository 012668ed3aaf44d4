// The scheme-run service on SQLite.
import { describeSchemeRuns } from './scheme-runs.suite.ts';

describeSchemeRuns('SQLite', 'sqlite');
