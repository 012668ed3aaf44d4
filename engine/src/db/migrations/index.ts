// Every migration in order. Listed explicitly so they load the same way from source, tests and bundles.
// New ones are written by `node engine/src/db/make-migration.ts Name`.
import { Migration20261123000000Initial } from './Migration20261123000000Initial.ts';
import { Migration20261123181644PeopleAndCalendar } from './Migration20261123181644PeopleAndCalendar.ts';
import { Migration20261123181659Ledger } from './Migration20261123181659Ledger.ts';
import { Migration20261123181733KpiMetricsPlans } from './Migration20261123181733KpiMetricsPlans.ts';
import { Migration20261123191332CrmEnrichment } from './Migration20261123191332CrmEnrichment.ts';
import { Migration20261203092735SourcePoll } from './Migration20261203092735SourcePoll.ts';
import { Migration20261203103040EmployeeInbox } from './Migration20261203103040EmployeeInbox.ts';
import { Migration20261203133154AlertCauseEvaluation } from './Migration20261203133154AlertCauseEvaluation.ts';
import { Migration20261203133555ReviewReminders } from './Migration20261203133555ReviewReminders.ts';
import { Migration20261203133603Backtests } from './Migration20261203133603Backtests.ts';
import { Migration20261203133611SchemePeriodClose } from './Migration20261203133611SchemePeriodClose.ts';
import { Migration20261203133731Notifications } from './Migration20261203133731Notifications.ts';
import { Migration20261203143848AlertCauseEvaluationIndex } from './Migration20261203143848AlertCauseEvaluationIndex.ts';
import { Migration20261203154334AlertActions } from './Migration20261203154334AlertActions.ts';

export const migrationsList = [
  { name: 'Migration20261123000000Initial', class: Migration20261123000000Initial },
  { name: 'Migration20261123181644PeopleAndCalendar', class: Migration20261123181644PeopleAndCalendar },
  { name: 'Migration20261123181659Ledger', class: Migration20261123181659Ledger },
  { name: 'Migration20261123181733KpiMetricsPlans', class: Migration20261123181733KpiMetricsPlans },
  { name: 'Migration20261123191332CrmEnrichment', class: Migration20261123191332CrmEnrichment },
  { name: 'Migration20261203092735SourcePoll', class: Migration20261203092735SourcePoll },
  { name: 'Migration20261203103040EmployeeInbox', class: Migration20261203103040EmployeeInbox },
  { name: 'Migration20261203133154AlertCauseEvaluation', class: Migration20261203133154AlertCauseEvaluation },
  { name: 'Migration20261203133555ReviewReminders', class: Migration20261203133555ReviewReminders },
  { name: 'Migration20261203133603Backtests', class: Migration20261203133603Backtests },
  { name: 'Migration20261203133611SchemePeriodClose', class: Migration20261203133611SchemePeriodClose },
  { name: 'Migration20261203133731Notifications', class: Migration20261203133731Notifications },
  { name: 'Migration20261203143848AlertCauseEvaluationIndex', class: Migration20261203143848AlertCauseEvaluationIndex },
  { name: 'Migration20261203154334AlertActions', class: Migration20261203154334AlertActions },
];
