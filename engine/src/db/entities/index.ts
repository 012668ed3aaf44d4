// Every entity, in one list for the ORM configuration.
import { Alert } from './alert.entity.ts';
import { ApiToken } from './api-token.entity.ts';
import { AuditLog } from './audit-log.entity.ts';
import { Backtest, BacktestResult } from './backtest.entity.ts';
import { BonusRecord } from './bonus-record.entity.ts';
import { CalendarYear } from './calendar-year.entity.ts';
import { Delivery } from './delivery.entity.ts';
import { Department } from './department.entity.ts';
import { DirtyEmployee } from './dirty-employee.entity.ts';
import { Employee } from './employee.entity.ts';
import { EmployeeExternalId } from './employee-external-id.entity.ts';
import { Enrichment } from './enrichment.entity.ts';
import { Evaluation } from './evaluation.entity.ts';
import { Event } from './event.entity.ts';
import { Metric } from './metric.entity.ts';
import { Notification } from './notification.entity.ts';
import { NotificationChannel } from './notification-channel.entity.ts';
import { ObjectState } from './object-state.entity.ts';
import { Organization } from './organization.entity.ts';
import { Plan } from './plan.entity.ts';
import { Review } from './review.entity.ts';
import { Scheme } from './scheme.entity.ts';
import { SchemePeriod } from './scheme-period.entity.ts';
import { SchemeVersion } from './scheme-version.entity.ts';
import { Session } from './session.entity.ts';
import { Source } from './source.entity.ts';
import { SourcePoll } from './source-poll.entity.ts';
import { Team } from './team.entity.ts';
import { User } from './user.entity.ts';
import { WebhookNonce } from './webhook-nonce.entity.ts';

export {
  Alert,
  ApiToken,
  AuditLog,
  Backtest,
  BacktestResult,
  BonusRecord,
  CalendarYear,
  Delivery,
  Department,
  DirtyEmployee,
  Employee,
  EmployeeExternalId,
  Enrichment,
  Evaluation,
  Event,
  Metric,
  Notification,
  NotificationChannel,
  ObjectState,
  Organization,
  Plan,
  Review,
  Scheme,
  SchemePeriod,
  SchemeVersion,
  Session,
  Source,
  SourcePoll,
  Team,
  User,
  WebhookNonce,
};

export const entities = [
  Organization,
  Department,
  Team,
  Employee,
  EmployeeExternalId,
  User,
  Session,
  ApiToken,
  Source,
  Delivery,
  Event,
  Enrichment,
  ObjectState,
  DirtyEmployee,
  WebhookNonce,
  SourcePoll,
  Metric,
  Plan,
  Scheme,
  SchemeVersion,
  SchemePeriod,
  Alert,
  AuditLog,
  CalendarYear,
  // ledger
  Evaluation,
  BonusRecord,
  Review,
  // backtests
  Backtest,
  BacktestResult,
  // notifications
  NotificationChannel,
  Notification,
];
