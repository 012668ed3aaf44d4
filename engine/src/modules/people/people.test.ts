import { describePeopleApi } from './people.suite.ts';

describePeopleApi('sqlite');
