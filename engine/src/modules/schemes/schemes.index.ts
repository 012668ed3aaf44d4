// Scheme handlers. Versions are immutable: a change is a new draft; publishing moves a version
// through draft → pilot → active → archived, and every change is written to the audit log.
import type { z } from '@hono/zod-openapi';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { SchemeDefinition } from '@yardstick/workflows/shared';
import { newId } from '../../db/entities/base.ts';
import { Metric } from '../../db/entities/metric.entity.ts';
import { Organization } from '../../db/entities/organization.entity.ts';
import { Scheme } from '../../db/entities/scheme.entity.ts';
import { SchemeVersion, type SchemeVersionStatus } from '../../db/entities/scheme-version.entity.ts';
import { localDateOf, PeriodError, parsePeriod, periodContaining } from '../../domain/period.ts';
import { accessScopeOf } from '../../http/access-scope.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf, requirePermission } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { forUpdate } from '../ledger/row-lock.ts';
import { assertPublishable } from './scheme-checks.ts';
import { previewInputs, simulate } from './scheme-simulation.ts';
import * as routes from './schemes.routes.ts';

export function schemesRouter(): AppRouter {
  const router = createRouter();
  router.on('GET', ['/api/schemes', '/api/schemes/*'], requirePermission('schemes.read'));
  router.on(
    ['POST', 'PATCH'],
    ['/api/schemes', '/api/schemes/:id', '/api/schemes/:id/versions'],
    requirePermission('schemes.write'),
  );
  router.post('/api/schemes/:id/versions/:v/publish', requirePermission('schemes.publish'));
  router.post('/api/schemes/:id/versions/:v/archive', requirePermission('schemes.publish'));
  router.post('/api/schemes/:id/versions/:v/simulate', requirePermission('schemes.simulate'));
  router.post('/api/schemes/:id/preview-data', requirePermission('schemes.simulate'));

  router.openapi(routes.listSchemes, async (c) => {
    const em = c.get('em');
    const schemes = await em.find(Scheme, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const versions = await em.find(SchemeVersion, {}, { orderBy: { version: 'asc' } });
    return c.json(
      {
        items: schemes.map((s) =>
          schemeView(
            s,
            versions.filter((v) => v.scheme === s.id),
          ),
        ),
      },
      200,
    );
  });

  router.openapi(routes.createScheme, async (c) => {
    const body = c.req.valid('json');
    const em = c.get('em');
    const scheme = await em.transactional(async (tx) => {
      const created = tx.create(Scheme, { id: newId(), name: body.name, description: body.description ?? null });
      recordAudit(tx, principalOf(c), 'scheme.create', 'scheme', created.id, null, body);
      await tx.flush();
      return created;
    });
    return c.json(schemeView(scheme, []), 201);
  });

  router.openapi(routes.getScheme, async (c) => {
    const em = c.get('em');
    const scheme = await findScheme(em, c.req.valid('param').id);
    return c.json(
      schemeView(scheme, await em.find(SchemeVersion, { scheme: scheme.id }, { orderBy: { version: 'asc' } })),
      200,
    );
  });

  router.openapi(routes.renameScheme, async (c) => {
    const body = c.req.valid('json');
    const em = c.get('em');
    const scheme = await em.transactional(async (tx) => {
      const found = await findScheme(tx, c.req.valid('param').id);
      const before = { name: found.name, description: found.description ?? null };
      if (body.name) found.name = body.name;
      if (body.description !== undefined) found.description = body.description;
      recordAudit(tx, principalOf(c), 'scheme.rename', 'scheme', found.id, before, {
        name: found.name,
        description: found.description ?? null,
      });
      await tx.flush();
      return found;
    });
    return c.json(
      schemeView(scheme, await em.find(SchemeVersion, { scheme: scheme.id }, { orderBy: { version: 'asc' } })),
      200,
    );
  });

  router.openapi(routes.createVersion, async (c) => {
    const body = c.req.valid('json');
    if (body.effectiveTo && body.effectiveTo < body.effectiveFrom) {
      throw new AppError(422, 'validation.failed', 'effectiveTo is before effectiveFrom', [
        { path: '/effectiveTo', message: 'must be on or after effectiveFrom' },
      ]);
    }
    const em = c.get('em');
    try {
      const version = await em.transactional(async (tx) => {
        const scheme = await findScheme(tx, c.req.valid('param').id);
        const last = await tx.findOne(SchemeVersion, { scheme: scheme.id }, { orderBy: { version: 'desc' } });
        const created = tx.create(SchemeVersion, {
          id: newId(),
          scheme: scheme.id,
          version: (last?.version ?? 0) + 1,
          status: 'draft',
          effectiveFrom: body.effectiveFrom,
          effectiveTo: body.effectiveTo ?? null,
          definition: body.definition as SchemeDefinition,
          publishedAt: null,
        });
        recordAudit(tx, principalOf(c), 'scheme_version.create', 'scheme_version', created.id, null, {
          scheme: scheme.id,
          version: created.version,
          effectiveFrom: created.effectiveFrom,
          effectiveTo: created.effectiveTo,
          definition: created.definition,
        });
        await tx.flush();
        return created;
      });
      return c.json(versionView(version), 201);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new AppError(409, 'scheme.version_conflict', 'Another version was added at the same time; retry', {
          key: ['scheme', 'version'],
        });
      }
      throw error;
    }
  });

  router.openapi(routes.getVersion, async (c) => {
    const { id, v } = c.req.valid('param');
    return c.json(versionView(await findVersion(c.get('em'), id, v)), 200);
  });

  router.openapi(routes.publishVersion, async (c) => {
    const { id, v } = c.req.valid('param');
    const target = c.req.valid('json').status;
    const em = c.get('em');
    const result = await em.transactional(async (tx) => {
      // two activations at once must not leave two active versions: they queue on the scheme's row
      await tx.findOne(Scheme, { id }, forUpdate(tx));
      const version = await findVersion(tx, id, v);
      const allowed: Record<'pilot' | 'active', SchemeVersionStatus[]> = {
        pilot: ['draft'],
        active: ['draft', 'pilot'],
      };
      if (!allowed[target].includes(version.status)) {
        throw new AppError(
          409,
          'scheme.invalid_transition',
          `Version ${version.version} is ${version.status}; it cannot become ${target}`,
          { from: version.status, to: target },
        );
      }
      const catalog = (await tx.find(Metric, {}, { fields: ['key'] })).map((m) => m.key);
      const golden = assertPublishable(version.definition, catalog);
      const archived: number[] = [];
      if (target === 'active') {
        // one active version per scheme: the one it replaces is archived
        for (const previous of await tx.find(SchemeVersion, { scheme: version.scheme, status: 'active' })) {
          const before = { status: previous.status };
          previous.status = 'archived';
          archived.push(previous.version);
          recordAudit(tx, principalOf(c), 'scheme_version.archive', 'scheme_version', previous.id, before, {
            status: 'archived',
            replacedBy: version.version,
          });
        }
      }
      const before = { status: version.status };
      version.status = target;
      version.publishedAt = new Date();
      recordAudit(tx, principalOf(c), 'scheme_version.publish', 'scheme_version', version.id, before, {
        status: target,
        goldenCases: golden.map((g) => ({ name: g.name, payout: g.actual.payout })),
      });
      await tx.flush();
      return {
        version: versionView(version),
        goldenCases: golden.map((g) => ({ name: g.name, payout: g.actual.payout, currency: g.actual.currency })),
        archived,
      };
    });
    // the version (and any it replaced) gets or loses its schedules
    c.get('deps').schedules.kick();
    return c.json(result, 200);
  });

  router.openapi(routes.archiveVersion, async (c) => {
    const { id, v } = c.req.valid('param');
    const em = c.get('em');
    const version = await em.transactional(async (tx) => {
      const found = await findVersion(tx, id, v);
      if (found.status === 'archived') {
        throw new AppError(409, 'scheme.invalid_transition', `Version ${found.version} is already archived`, {
          from: 'archived',
          to: 'archived',
        });
      }
      const before = { status: found.status };
      found.status = 'archived';
      recordAudit(tx, principalOf(c), 'scheme_version.archive', 'scheme_version', found.id, before, {
        status: 'archived',
      });
      await tx.flush();
      return found;
    });
    c.get('deps').schedules.kick();
    return c.json(versionView(version), 200);
  });

  router.openapi(routes.simulateVersion, async (c) => {
    const { id, v } = c.req.valid('param');
    const body = c.req.valid('json');
    let period: ReturnType<typeof parsePeriod>;
    try {
      period = parsePeriod(body.period);
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      throw new AppError(422, 'validation.failed', error.message, [{ path: '/period', message: error.message }]);
    }
    const em = c.get('em');
    const version = await findVersion(em, id, v);
    const active =
      version.status === 'active'
        ? null
        : await em.findOne(SchemeVersion, { scheme: version.scheme, status: 'active' });
    const scope = await accessScopeOf(em, principalOf(c));
    return c.json(await simulate(em, version, active, period, scope, body.employees, body.trace), 200);
  });

  router.openapi(routes.previewData, async (c) => {
    const body = c.req.valid('json');
    const em = c.get('em');
    const scheme = await findScheme(em, c.req.valid('param').id);
    let period: ReturnType<typeof parsePeriod>;
    try {
      if (body.period) {
        period = parsePeriod(body.period);
      } else {
        const organization = await em.findOneOrFail(Organization, { id: 1 });
        period = periodContaining(body.periodKind, localDateOf(new Date(), organization.timeZone));
      }
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      throw new AppError(422, 'validation.failed', error.message, [{ path: '/period', message: error.message }]);
    }
    const active = await em.findOne(SchemeVersion, { scheme: scheme.id, status: 'active' });
    return c.json(await previewInputs(em, body, active, period, await accessScopeOf(em, principalOf(c))), 200);
  });

  return router;
}

async function findScheme(em: EntityManager, id: string): Promise<Scheme> {
  const scheme = await em.findOne(Scheme, { id });
  if (!scheme) throw notFound(`Scheme ${id}`);
  return scheme;
}

async function findVersion(em: EntityManager, schemeId: string, version: number): Promise<SchemeVersion> {
  const found = await em.findOne(SchemeVersion, { scheme: schemeId, version });
  if (!found) throw notFound(`Version ${version} of scheme ${schemeId}`);
  return found;
}

export function versionView(v: SchemeVersion) {
  return {
    id: v.id,
    schemeId: v.scheme,
    version: v.version,
    status: v.status,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo ?? null,
    definition: v.definition as z.infer<typeof routes.SchemeDefinitionSchema>,
    createdAt: v.createdAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
    paused: v.paused,
  };
}

function schemeView(s: Scheme, versions: SchemeVersion[]) {
  return {
    id: s.id,
    name: s.name,
    description: s.description ?? null,
    versions: versions.map((v) => {
      const { definition, ...summary } = versionView(v);
      // what a list of schemes shows of each version besides its status
      return { ...summary, periodKind: definition.periodKind, scope: definition.scope };
    }),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
