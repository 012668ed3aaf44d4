// First-start seeding: the organization and an admin always; the demo company in demo mode.
import type { EntityManager } from '@mikro-orm/core';
import { BUILT_IN_CALENDARS } from '../../domain/calendar.ts';
import { hashPassword } from '../../lib/secrets.ts';
import { newId } from '../entities/base.ts';
import { CalendarYear } from '../entities/calendar-year.entity.ts';
import { Department } from '../entities/department.entity.ts';
import { Employee } from '../entities/employee.entity.ts';
import { EmployeeExternalId } from '../entities/employee-external-id.entity.ts';
import { Event } from '../entities/event.entity.ts';
import { Metric } from '../entities/metric.entity.ts';
import { Organization } from '../entities/organization.entity.ts';
import { Plan } from '../entities/plan.entity.ts';
import { Scheme } from '../entities/scheme.entity.ts';
import { SchemeVersion } from '../entities/scheme-version.entity.ts';
import { Source } from '../entities/source.entity.ts';
import { User } from '../entities/user.entity.ts';
import {
  DEMO_ADMIN,
  DEMO_DEPARTMENTS,
  DEMO_EMPLOYEES,
  DEMO_HR,
  DEMO_METRICS,
  DEMO_PLANS,
  DEMO_SCHEME_DEFINITION,
  DEMO_SCHEME_NAME,
  DEMO_SOURCE_ID,
  DEMO_USERS,
} from './demo-data.ts';
import { demoEvents } from './demo-events.ts';

export interface SeedOptions {
  demo: boolean;
  adminEmail: string;
  adminPassword: string | undefined;
  /** "now" for the demo history; the three months up to it get events and plans */
  now?: Date;
}

export interface SeedResult {
  seeded: 'nothing' | 'admin' | 'demo';
  admin?: { email: string; password?: string };
}

export async function seed(em: EntityManager, options: SeedOptions): Promise<SeedResult> {
  if ((await em.count(User, {})) > 0) return { seeded: 'nothing' };
  if (!options.demo && !options.adminPassword) {
    throw new Error(
      'This database has no users. Set YARDSTICK_ADMIN_PASSWORD (and YARDSTICK_ADMIN_EMAIL) to create the first admin, or YARDSTICK_DEMO=true for the demo.',
    );
  }
  return em.transactional(async (tx) => {
    if (!(await tx.findOne(Organization, { id: 1 }))) {
      tx.create(Organization, {
        id: 1,
        name: options.demo ? 'ООО «Вектор» (демо)' : 'Organization',
        currency: 'RUB',
        timeZone: 'Europe/Moscow',
        locale: 'ru',
        weekend: [6, 7],
      });
    }
    if (!options.demo) {
      tx.create(User, {
        id: newId(),
        email: options.adminEmail.toLowerCase(),
        name: 'Administrator',
        passwordHash: await hashPassword(options.adminPassword as string),
        role: 'admin',
      });
      return { seeded: 'admin' as const, admin: { email: options.adminEmail } };
    }
    await seedDemo(tx, options.now ?? new Date());
    return { seeded: 'demo' as const, admin: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password } };
  });
}

async function seedDemo(em: EntityManager, now: Date): Promise<void> {
  em.create(User, {
    id: newId(),
    email: DEMO_ADMIN.email,
    name: DEMO_ADMIN.name,
    passwordHash: await hashPassword(DEMO_ADMIN.password),
    role: 'admin',
  });
  em.create(User, {
    id: newId(),
    email: DEMO_HR.email,
    name: DEMO_HR.name,
    passwordHash: await hashPassword(DEMO_HR.password),
    role: 'hr',
  });
  em.create(Source, {
    id: DEMO_SOURCE_ID,
    name: 'Demo CRM (generic JSON)',
    kind: 'generic',
    secret: null,
    settings: {},
  });

  const departmentId = new Map<string, string>();
  for (const d of DEMO_DEPARTMENTS) {
    const id = newId();
    departmentId.set(d.key, id);
    em.create(Department, { id, key: d.key, name: d.name, parent: null });
  }
  await em.flush();

  const heads = new Map<string, string>();
  const employees: { id: string; crmId: string; department: string; role: string }[] = [];
  for (const e of DEMO_EMPLOYEES) {
    const id = newId();
    const isHead = e.role === 'head_of_sales';
    if (isHead) heads.set(e.department, id);
    em.create(Employee, {
      id,
      name: e.name,
      email: null,
      role: e.role,
      department: departmentId.get(e.department) as string,
      manager: isHead ? null : (heads.get(e.department) ?? null),
      baseBonusMinor: isHead ? '8000000' : '6000000',
      baseBonusCurrency: 'RUB',
      hiredOn: '2024-02-01',
      leftOn: null,
    });
    em.create(EmployeeExternalId, { id: newId(), employee: id, source: DEMO_SOURCE_ID, externalId: e.crmId });
    employees.push({ id, crmId: e.crmId, department: e.department, role: e.role });
  }
  for (const u of DEMO_USERS) {
    const employee = employees.find((e) => e.crmId === u.crmId);
    em.create(User, {
      id: newId(),
      email: u.email,
      name: DEMO_EMPLOYEES.find((e) => e.crmId === u.crmId)?.name ?? u.email,
      passwordHash: await hashPassword(u.password),
      role: u.role,
      employee: employee?.id ?? null,
    });
  }
  // the Russian production calendar, so pace and proration count real working days
  for (const c of BUILT_IN_CALENDARS.filter((x) => x.country === 'RU')) {
    em.create(CalendarYear, {
      year: c.year,
      country: c.country,
      source: c.source,
      holidays: c.holidays,
      workdays: c.workdays,
    });
  }

  const metricId = new Map<string, string>();
  for (const m of DEMO_METRICS) {
    const id = newId();
    metricId.set(m.key, id);
    em.create(Metric, { id, ...m, filter: m.filter, params: 'params' in m ? m.params : null, direction: 'higher' });
  }
  await em.flush();

  const months = lastMonths(now, 3);
  for (const period of months) {
    for (const e of employees.filter((x) => x.role === 'sales')) {
      for (const [metric, target] of Object.entries(DEMO_PLANS[e.department] ?? {})) {
        em.create(Plan, {
          id: newId(),
          metric: metricId.get(metric) as string,
          period,
          employee: e.id,
          department: null,
          scopeKey: `employee:${e.id}`,
          target,
        });
      }
    }
  }

  const scheme = em.create(Scheme, { id: newId(), name: DEMO_SCHEME_NAME, description: null });
  em.create(SchemeVersion, {
    id: newId(),
    scheme: scheme.id,
    version: 1,
    status: 'active',
    effectiveFrom: `${months[0]}-01`,
    effectiveTo: null,
    definition: DEMO_SCHEME_DEFINITION,
    publishedAt: now,
  });
  await em.flush();

  // The history is imported, not live: it is marked taken so it raises no alerts on first start.
  const rows = demoEvents(employees, months, now).map((e) => ({
    ...e,
    id: newId(),
    source: DEMO_SOURCE_ID,
    delivery: null,
    attributes: {},
    dispatchedAt: now,
    dispatchBatch: 'imported',
    createdAt: now,
  }));
  for (let i = 0; i < rows.length; i += 500) await em.insertMany(Event, rows.slice(i, i + 500));
}

/** `count` months ending with the month of `now`, oldest first, as `YYYY-MM`. */
export function lastMonths(now: Date, count: number): string[] {
  const result: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    result.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return result;
}
