// Team CRUD. A team lives in one department; a team with members is not deleted.
import type { EntityManager } from '@mikro-orm/sql';
import { newId } from '../../db/entities/base.ts';
import { Department } from '../../db/entities/department.entity.ts';
import { Employee } from '../../db/entities/employee.entity.ts';
import { Team } from '../../db/entities/team.entity.ts';
import { accessScopeOf } from '../../http/access-scope.ts';
import type { AppRouter } from '../../http/app-env.ts';
import { principalOf } from '../../http/auth.middleware.ts';
import { createRouter } from '../../http/create-router.ts';
import { notFound } from '../../lib/errors.ts';
import { type AuditedEntity, createAudited, deleteAudited, updateAudited } from './audited-writes.ts';
import { visibleDepartmentIds } from './people-scope.ts';
import * as routes from './teams.routes.ts';
import { conflict, invalid } from './write-conflicts.ts';

export const teamDto = (t: Team) => ({
  id: t.id,
  key: t.key,
  name: t.name,
  departmentId: t.department,
  leadId: t.lead ?? null,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

const teams: AuditedEntity<Team, ReturnType<typeof teamDto>> = {
  entity: Team,
  auditName: 'team',
  what: 'Team',
  snapshot: (_em, team) => teamDto(team),
};

const keyTaken = (key: string | undefined) =>
  conflict('team.key_taken', `A team with key "${key}" already exists`, '/key');

async function checkTeam(
  em: EntityManager,
  team: { key: string; departmentId: string; leadId: string | null },
  selfId?: string,
) {
  const taken = await em.findOne(Team, { key: team.key, ...(selfId ? { id: { $ne: selfId } } : {}) });
  if (taken) throw keyTaken(team.key);
  const problems: { path: string; message: string }[] = [];
  if (!(await em.findOne(Department, { id: team.departmentId }))) {
    problems.push({ path: '/departmentId', message: `No department ${team.departmentId}` });
  }
  if (team.leadId && !(await em.findOne(Employee, { id: team.leadId }))) {
    problems.push({ path: '/leadId', message: `No employee ${team.leadId}` });
  }
  if (problems.length > 0) throw invalid('team.invalid', problems);
}

export function teamsRouter(): AppRouter {
  const router = createRouter();

  router.openapi(routes.listTeams, async (c) => {
    const em = c.get('em');
    const { department } = c.req.valid('query');
    const visible = await visibleDepartmentIds(em, await accessScopeOf(em, principalOf(c)));
    const ids = visible
      ? visible.filter((id) => !department || id === department)
      : department
        ? [department]
        : undefined;
    const teams = await em.find(Team, ids ? { department: { $in: ids } } : {}, { orderBy: { key: 'asc' } });
    return c.json({ items: teams.map(teamDto) }, 200);
  });

  router.openapi(routes.getTeam, async (c) => {
    const em = c.get('em');
    const visible = await visibleDepartmentIds(em, await accessScopeOf(em, principalOf(c)));
    const team = await em.findOne(Team, { id: c.req.valid('param').id });
    if (!team || (visible && !visible.includes(team.department))) throw notFound('Team');
    return c.json(teamDto(team), 200);
  });

  router.openapi(routes.createTeam, async (c) => {
    const body = c.req.valid('json');
    const dto = await createAudited(c.get('em'), principalOf(c), teams, {
      create: async (em) => {
        await checkTeam(em, body);
        return em.create(Team, {
          id: newId(),
          key: body.key,
          name: body.name,
          department: body.departmentId,
          lead: body.leadId,
        });
      },
      unique: () => keyTaken(body.key),
    });
    return c.json(dto, 201);
  });

  router.openapi(routes.updateTeam, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const dto = await updateAudited(c.get('em'), principalOf(c), teams, id, {
      change: async (em, team) => {
        const next = {
          key: patch.key ?? team.key,
          name: patch.name ?? team.name,
          departmentId: patch.departmentId ?? team.department,
          leadId: patch.leadId === undefined ? (team.lead ?? null) : patch.leadId,
        };
        await checkTeam(em, next, id);
        if (next.departmentId !== team.department && (await em.count(Employee, { team: id })) > 0) {
          throw conflict('team.not_empty', 'Move the team’s members before moving it to another department');
        }
        em.assign(team, { key: next.key, name: next.name, department: next.departmentId, lead: next.leadId });
      },
      unique: () => keyTaken(patch.key),
    });
    return c.json(dto, 200);
  });

  router.openapi(routes.deleteTeam, async (c) => {
    await deleteAudited(c.get('em'), principalOf(c), teams, c.req.valid('param').id, {
      refuseWhileUsed: async (em, team) => {
        const members = await em.count(Employee, { team: team.id });
        if (members > 0) throw conflict('team.not_empty', `Team "${team.key}" still has ${members} member(s)`);
      },
      inUse: () => conflict('team.in_use', 'The team is still referenced; remove those references first'),
    });
    return c.body(null, 204);
  });

  return router;
}
