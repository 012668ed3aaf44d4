// What stands between a definition and publishing, found in the browser as the user edits (the engine checks
// the same on publish): each problem at its JSON pointer into the definition, so the designer shows it at
// the field. Problems the engine answers with (422 details) are read into the same shape.
import { validate } from '@yardstick/rules';
import { type GoldenCaseResult, runGoldenCases, type SchemeDefinition } from '@yardstick/workflows/evaluation';
import { weightSum } from './weights.ts';

export interface DesignProblem {
  /** JSON pointer into the definition */
  path: string;
  message: { en: string; ru: string };
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function definitionProblems(definition: SchemeDefinition, catalog: readonly string[]): DesignProblem[] {
  const problems: DesignProblem[] = [];
  const add = (path: string, en: string, ru: string) => problems.push({ path, message: { en, ru } });
  const check = (rule: unknown, at: string) => {
    const result = validate(rule, { catalog: [...catalog] });
    if (!result.ok) for (const p of result.problems) problems.push({ path: `${at}${p.path}`, message: p.message });
  };

  definition.kpis.forEach((line, i) => {
    if (line.metric === '') add(`/kpis/${i}/metric`, 'Pick a metric', 'Выберите метрику');
    else if (!catalog.includes(line.metric)) {
      add(`/kpis/${i}/metric`, `There is no metric "${line.metric}"`, `Метрики «${line.metric}» нет`);
    }
    if (definition.kpis.findIndex((l) => l.metric === line.metric) !== i && line.metric !== '') {
      add(`/kpis/${i}/metric`, 'This metric already has a line', 'Для этой метрики уже есть строка');
    }
    const plan = line.plan ?? 1;
    if (!(line.threshold >= 0)) add(`/kpis/${i}/threshold`, 'The threshold is 0% or more', 'Порог — от 0%');
    else if (line.threshold > plan) {
      add(`/kpis/${i}/threshold`, 'The threshold is at most the plan', 'Порог не больше плана');
    }
    if (!(plan > 0)) add(`/kpis/${i}/plan`, 'The plan is more than 0%', 'План — больше 0%');
    if (!(line.cap >= plan)) add(`/kpis/${i}/cap`, 'The cap is at least the plan', 'Максимум не меньше плана');
  });
  if (definition.kpis.length > 0) {
    const sum = weightSum(definition.kpis.map((l) => l.weight));
    if (!sum.ok) {
      add(
        '/kpis',
        `The weights add up to ${sum.percent}%, not 100%`,
        `Сумма весов ${String(sum.percent).replace('.', ',')}%, а не 100%`,
      );
    }
  }
  for (const [role, amount] of Object.entries(definition.baseBonusByRole ?? {})) {
    if (role.trim() === '') add('/baseBonusByRole', 'Name the role', 'Укажите роль');
    if (!DECIMAL.test(amount)) {
      add(`/baseBonusByRole/${role}`, 'An amount such as 60000.00', 'Сумма вроде 60000.00');
    }
  }
  if (definition.payout !== null && definition.payout !== undefined) check(definition.payout, '/payout');
  (definition.alertRules ?? []).forEach((alert, i) => {
    check(alert.when, `/alertRules/${i}/when`);
  });
  const golden = definition.goldenCases ?? [];
  if (definition.payout !== null && definition.payout !== undefined && golden.length === 0) {
    add('/goldenCases', 'Add at least one golden case', 'Добавьте хотя бы один эталонный пример');
  }
  golden.forEach((g, i) => {
    if (g.name.trim() === '') add(`/goldenCases/${i}/name`, 'Name the case', 'Назовите пример');
    if (golden.findIndex((o) => o.name === g.name) !== i) {
      add(`/goldenCases/${i}/name`, 'Another case has this name', 'Пример с таким названием уже есть');
    }
    if (!DECIMAL.test(g.context.employee.base_bonus)) {
      add(`/goldenCases/${i}/context/employee/base_bonus`, 'An amount such as 60000.00', 'Сумма вроде 60000.00');
    }
    if (!DECIMAL.test(g.expected.payout)) {
      add(`/goldenCases/${i}/expected/payout`, 'An amount such as 60000.00', 'Сумма вроде 60000.00');
    }
  });
  return problems;
}

/** Problems at `path` or inside it. */
export function problemsAt(problems: readonly DesignProblem[], path: string): DesignProblem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}/`));
}

export type GoldenRun = { ok: true; results: GoldenCaseResult[] } | { ok: false; results: [] };

/** The golden cases run as the engine runs them on publish; not at all while a rule does not compile. */
export function runGolden(definition: SchemeDefinition): GoldenRun {
  try {
    return { ok: true, results: runGoldenCases(definition) };
  } catch {
    return { ok: false, results: [] };
  }
}

/**
 * The engine's 422 details as problems in the definition: pointers into a request body (`/definition/...`)
 * are made relative to the definition; a golden case that failed says what it gave.
 */
export function problemsFromDetails(details: unknown): DesignProblem[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d): DesignProblem[] => {
    if (typeof d !== 'object' || d === null || typeof (d as { path?: unknown }).path !== 'string') return [];
    const detail = d as {
      path: string;
      message?: string;
      messageRu?: string;
      case?: string;
      expected?: { payout: string; currency: string };
      actual?: { payout: string | null; currency: string };
    };
    const path = detail.path.replace(/^\/definition(?=\/|$)/, '');
    if (detail.case !== undefined && detail.expected && detail.actual) {
      const got = `${detail.actual.payout ?? '—'} ${detail.actual.currency}`;
      const want = `${detail.expected.payout} ${detail.expected.currency}`;
      return [
        {
          path,
          message: {
            en: `Golden case "${detail.case}" expected ${want}, got ${got}`,
            ru: `Эталонный пример «${detail.case}»: ожидалось ${want}, получилось ${got}`,
          },
        },
      ];
    }
    const en = detail.message ?? '';
    return [{ path, message: { en, ru: detail.messageRu ?? en } }];
  });
}
