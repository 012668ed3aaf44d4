import { describePeopleApi } from './people.suite.ts';

describePeopleApi('postgresql');
