// KPI operations for motivation schemes: tier, scale, weighted, clamp, pct. They never return NaN or
// Infinity: a missing value (null) counts as 0, a value that is not a number gives null, and a
// plan of 0 gives 0 — never a payout.
import { isLiteral, literalNumber, type OperationNode, type RuleNode } from '../ast.ts';
import { formatValue } from '../json.ts';
import { compileKpi } from '../paths.ts';
import { Then } from '../read-tests.ts';
import type { Message } from '../types.ts';
import { fuseRead } from './core.ts';
import { argRuns, eagerList, expectNumberLiteral, msg, spreads } from './helpers.ts';
import { kpiNumber } from './kpi-number.ts';
import type { CheckContext, CompileContext, Evaluator, OperationDescriptor } from './types.ts';

const ours = 'yardstick' as const;

export { kpiNumber };

/** Drop binary floating-point noise from a sum of products: 1.0300000000000002 → 1.03. */
export function dropNoise(x: number): number {
  if (Math.abs(x) < 1e3) return Math.round(x * 1e12) / 1e12 + 0;
  return Number(x.toPrecision(15));
}

const n = (value: unknown, lang: 'en' | 'ru' = 'en') => formatValue(value, lang);

// ---------------------------------------------------------------- tier

type TierMode = 'first' | 'collect';

interface TierRow {
  bound: Evaluator;
  result: Evaluator;
}

function checkTier(node: OperationNode, ctx: CheckContext): void {
  const [, rows, mode] = node.args;
  if (mode && (!isLiteral(mode) || (mode.value !== 'first' && mode.value !== 'collect'))) {
    ctx.problem(
      mode.path,
      'rule.literal_type',
      msg('The tier mode is "first" or "collect"', 'Режим шкалы — "first" или "collect"'),
    );
  }
  if (isLiteral(rows)) {
    ctx.problem(
      rows.path,
      'rule.invalid_table',
      msg('A tier table is a list of [from, result] rows', 'Шкала — это список строк [от, результат]'),
    );
    return;
  }
  if (rows?.kind !== 'array') return;
  if (rows.items.length === 0) {
    ctx.problem(
      rows.path,
      'rule.invalid_table',
      msg('A tier table needs at least one row', 'В шкале нужна хотя бы одна строка'),
    );
  }
  let previous = Number.NEGATIVE_INFINITY;
  for (const row of rows.items) {
    if (row.kind !== 'array' || row.items.length !== 2) {
      ctx.problem(
        row.path,
        'rule.invalid_table',
        msg('Each tier row is [from, result]', 'Каждая строка шкалы — [от, результат]'),
      );
      continue;
    }
    const bound = row.items[0] as RuleNode;
    expectNumberLiteral(ctx, bound, msg('A tier bound', 'Граница шкалы'));
    const b = literalNumber(bound);
    if (b !== undefined) {
      if (b <= previous) {
        ctx.problem(
          bound.path,
          'rule.invalid_table',
          msg('Tier bounds must go up, each above the one before', 'Границы шкалы должны возрастать'),
        );
      }
      previous = b;
    }
  }
}

function compileTier(node: OperationNode, cc: CompileContext): Evaluator {
  const [valueArg, rowsArg, modeArg] = node.args as [RuleNode, RuleNode, RuleNode | undefined];
  const mode: TierMode = isLiteral(modeArg) && modeArg.value === 'collect' ? 'collect' : 'first';
  if (rowsArg.kind === 'array' && rowsArg.items.every((row) => row.kind === 'array' && row.items.length === 2)) {
    const written = rowsArg.items.map((row) => (row as { items: RuleNode[] }).items);
    const constant = (n: RuleNode) => n.kind === 'literal' && (typeof n.value !== 'object' || n.value === null);
    if (
      !cc.tracing &&
      mode === 'first' &&
      written.every(([b, r]) => constant(b as RuleNode) && constant(r as RuleNode))
    ) {
      // A written table: bounds as numbers, results as values, scanned from the top.
      const bounds = written.map(([b]) => kpiNumber((b as { value: unknown }).value));
      const results = written.map(([, r]) => (r as { value: unknown }).value);
      const fused = fuseRead(valueArg, cc, (keys, m) => compileKpi(keys, m, Then.tier, bounds, results));
      if (fused) return fused;
      const value = cc.compile(valueArg).run;
      return (d, s) => {
        const v = kpiNumber(value(d, s));
        if (Number.isNaN(v)) return null;
        for (let i = bounds.length - 1; i >= 0; i--) if (v >= (bounds[i] as number)) return results[i];
        return null;
      };
    }
    const value = cc.compile(valueArg).run;
    const rows: TierRow[] = rowsArg.items.map((row) => {
      const [bound, result] = (row as { items: RuleNode[] }).items as [RuleNode, RuleNode];
      return { bound: cc.compile(bound).run, result: cc.compile(result).run };
    });
    if (mode === 'first') {
      return (d, s) => {
        const v = kpiNumber(value(d, s));
        if (Number.isNaN(v)) return null;
        for (let i = rows.length - 1; i >= 0; i--) {
          const row = rows[i] as TierRow;
          if (v >= kpiNumber(row.bound(d, s))) return row.result(d, s);
        }
        return null;
      };
    }
    return (d, s) => {
      const v = kpiNumber(value(d, s));
      if (Number.isNaN(v)) return null;
      const out: unknown[] = [];
      for (const row of rows) if (v >= kpiNumber(row.bound(d, s))) out.push(row.result(d, s));
      return out;
    };
  }
  // A table from the data: a list of [from, result] pairs.
  const value = cc.compile(valueArg).run;
  const rowsRun = cc.compile(rowsArg).run;
  return (d, s) => {
    const v = kpiNumber(value(d, s));
    const table = rowsRun(d, s);
    if (Number.isNaN(v) || !Array.isArray(table)) return null;
    const out: unknown[] = [];
    let first: unknown = null;
    for (const row of table) {
      if (!Array.isArray(row) || row.length !== 2) return null;
      if (v >= kpiNumber(row[0])) {
        first = row[1];
        out.push(row[1]);
      }
    }
    return mode === 'first' ? first : out;
  };
}

// ---------------------------------------------------------------- scale

type ScaleMode = 'linear' | 'stepped';

/** threshold/plan/cap → achievement coefficient; the coefficient at the plan is 1. */
export function scale(value: unknown, threshold: unknown, plan: unknown, cap: unknown, mode: ScaleMode): number | null {
  const v = kpiNumber(value);
  const t = kpiNumber(threshold);
  const p = kpiNumber(plan);
  const c = kpiNumber(cap);
  if (Number.isNaN(v) || Number.isNaN(t) || Number.isNaN(p) || Number.isNaN(c)) return null;
  if (!(p > 0)) return 0;
  if (t < 0 || t > p || c < p) return null;
  if (v < t) return 0;
  if (mode === 'linear') return Math.min(v, c) / p;
  if (v >= c) return c / p;
  if (v >= p) return 1;
  return t / p;
}

function checkScale(node: OperationNode, ctx: CheckContext): void {
  const [value, threshold, plan, cap, mode] = node.args;
  expectNumberLiteral(ctx, value, msg('The measured value', 'Измеренное значение'));
  expectNumberLiteral(ctx, threshold, msg('The threshold', 'Порог'));
  expectNumberLiteral(ctx, plan, msg('The plan', 'План'));
  expectNumberLiteral(ctx, cap, msg('The cap', 'Максимум'));
  if (mode && (!isLiteral(mode) || (mode.value !== 'linear' && mode.value !== 'stepped'))) {
    ctx.problem(
      mode.path,
      'rule.literal_type',
      msg('The scale mode is "linear" or "stepped"', 'Режим шкалы — "linear" или "stepped"'),
    );
  }
  const t = literalNumber(threshold);
  const p = literalNumber(plan);
  const c = literalNumber(cap);
  if (t !== undefined && p !== undefined && (t < 0 || t > p)) {
    ctx.problem(
      threshold?.path ?? node.path,
      'rule.invalid_argument',
      msg('The threshold must be between 0 and the plan', 'Порог должен быть от 0 до плана'),
    );
  }
  if (c !== undefined && p !== undefined && c < p) {
    ctx.problem(
      cap?.path ?? node.path,
      'rule.invalid_argument',
      msg('The cap must be at least the plan', 'Максимум должен быть не меньше плана'),
    );
  }
  if (p !== undefined && p <= 0) {
    ctx.problem(
      plan?.path ?? node.path,
      'rule.invalid_argument',
      msg('The plan must be above 0', 'План должен быть больше 0'),
    );
  }
}

function explainScale(args: readonly unknown[], result: unknown): Message | undefined {
  const [v, t, p, c] = args.map(kpiNumber) as [number, number, number, number];
  if (result === null) {
    return msg(
      'not computed: an input is not a number, or threshold ≤ plan ≤ cap does not hold',
      'не рассчитано: вход не число, или не выполнено порог ≤ план ≤ максимум',
    );
  }
  if (!(p > 0))
    return msg(
      `the plan is ${n(p)}: no achievement without a plan → 0`,
      `план ${n(p, 'ru')}: без плана нет выполнения → 0`,
    );
  if (v < t) return msg(`${n(v)} is below the threshold ${n(t)} → 0`, `${n(v, 'ru')} ниже порога ${n(t, 'ru')} → 0`);
  if (v >= c)
    return msg(
      `${n(v)} reaches the cap ${n(c)} → ${n(result)}`,
      `${n(v, 'ru')} достигает максимума ${n(c, 'ru')} → ${n(result, 'ru')}`,
    );
  return msg(
    `${n(v)} is between the threshold ${n(t)} and the cap ${n(c)}, plan ${n(p)} → ${n(result)}`,
    `${n(v, 'ru')} между порогом ${n(t, 'ru')} и максимумом ${n(c, 'ru')}, план ${n(p, 'ru')} → ${n(result, 'ru')}`,
  );
}

// ---------------------------------------------------------------- weighted

const WEIGHT_TOLERANCE = 1e-9;

export function weighted(pairs: readonly unknown[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) return null;
    const w = kpiNumber(pair[0]);
    const score = kpiNumber(pair[1]);
    if (Number.isNaN(w) || Number.isNaN(score) || w < 0) return null;
    weights += w;
    sum += w * score;
  }
  if (Math.abs(weights - 1) > WEIGHT_TOLERANCE) return null;
  return dropNoise(sum);
}

/** Written [weight, score] lines are evaluated without building the pairs. */
function compileWeighted(node: OperationNode, cc: CompileContext): Evaluator {
  const lines = node.args;
  if (cc.tracing || spreads(node) || !lines.every((line) => line.kind === 'array' && line.items.length === 2)) {
    return eagerList(weighted, true)(node, cc);
  }
  const pairs = lines.map((line) => (line as { items: RuleNode[] }).items);
  const weights = pairs.map(([w]) => cc.compile(w as RuleNode));
  const scores = pairs.map(([, score]) => cc.compile(score as RuleNode).run);
  const fixedWeights = weights.every((w) => w.constant) ? weights.map((w) => kpiNumber(w.constant?.value)) : undefined;
  if (
    fixedWeights &&
    (fixedWeights.some((w) => !(w >= 0)) || Math.abs(fixedWeights.reduce((a, b) => a + b, 0) - 1) > WEIGHT_TOLERANCE)
  ) {
    return eagerList(weighted, true)(node, cc);
  }
  if (fixedWeights) {
    return (d, s) => {
      let sum = 0;
      for (let i = 0; i < scores.length; i++) {
        const score = kpiNumber((scores[i] as Evaluator)(d, s));
        if (Number.isNaN(score)) return null;
        sum += (fixedWeights[i] as number) * score;
      }
      return dropNoise(sum);
    };
  }
  const weightRuns = weights.map((w) => w.run);
  return (d, s) => weighted(weightRuns.map((w, i) => [w(d, s), (scores[i] as Evaluator)(d, s)]));
}

function checkWeighted(node: OperationNode, ctx: CheckContext): void {
  if (spreads(node)) return;
  let total = 0;
  let known = true;
  for (const arg of node.args) {
    if (arg.kind === 'operation') {
      known = false;
      continue;
    }
    if (arg.kind !== 'array' || arg.items.length !== 2) {
      ctx.problem(
        arg.path,
        'rule.invalid_table',
        msg('Each weighted line is [weight, score]', 'Каждая строка взвешивания — [вес, оценка]'),
      );
      known = false;
      continue;
    }
    const weight = arg.items[0] as RuleNode;
    expectNumberLiteral(ctx, weight, msg('A weight', 'Вес'));
    const w = literalNumber(weight);
    if (w === undefined) known = false;
    else {
      if (w < 0)
        ctx.problem(
          weight.path,
          'rule.invalid_argument',
          msg('A weight cannot be negative', 'Вес не может быть отрицательным'),
        );
      total += w;
    }
  }
  if (known && Math.abs(total - 1) > WEIGHT_TOLERANCE) {
    const hint = Math.abs(total - 100) < 1e-6 ? ' (these look like percentages: write 0.3 for 30%)' : '';
    const hintRu = Math.abs(total - 100) < 1e-6 ? ' (похоже на проценты: пишите 0.3 вместо 30%)' : '';
    ctx.problem(
      `${node.path}/weighted`,
      'rule.weights_sum',
      msg(`The weights add up to ${total}, not 1 (100%)${hint}`, `Сумма весов ${total}, а не 1 (100%)${hintRu}`),
    );
  }
}

function explainWeighted(args: readonly unknown[], result: unknown): Message | undefined {
  const pairs =
    args.length === 1 && Array.isArray(args[0]) && Array.isArray(args[0][0]) ? (args[0] as unknown[]) : args;
  const terms = pairs.map((p) => (Array.isArray(p) ? [p[0], p[1]] : [p, '?']));
  if (result === null) {
    return msg(
      'not computed: the weights do not add up to 1, or a score is not a number',
      'не рассчитано: веса не дают в сумме 1 или оценка не число',
    );
  }
  return msg(
    `${terms.map(([w, s]) => `${n(w)} × ${n(s)}`).join(' + ')} = ${n(result)}`,
    `${terms.map(([w, s]) => `${n(w, 'ru')} × ${n(s, 'ru')}`).join(' + ')} = ${n(result, 'ru')}`,
  );
}

// ---------------------------------------------------------------- clamp, pct

export function clamp(value: unknown, low: unknown, high: unknown): number | null {
  const v = kpiNumber(value);
  const lo = kpiNumber(low);
  const hi = kpiNumber(high);
  if (Number.isNaN(v) || Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) return null;
  return Math.min(Math.max(v, lo), hi);
}

const clampValues = eagerList((v) => clamp(v[0], v[1], v[2]));

function compileClamp(node: OperationNode, cc: CompileContext): Evaluator {
  const [value, low, high] = node.args;
  if (!cc.tracing && isLiteral(low) && isLiteral(high)) {
    // Written bounds: read as numbers once; a written path is one read site.
    const lo = kpiNumber(low.value);
    const hi = kpiNumber(high.value);
    const fused = lo <= hi ? fuseRead(value, cc, (keys, m) => compileKpi(keys, m, Then.clamp, lo, hi)) : undefined;
    if (fused) return fused;
  }
  return clampValues(node, cc);
}

function checkClamp(node: OperationNode, ctx: CheckContext): void {
  const [value, low, high] = node.args;
  expectNumberLiteral(ctx, value, msg('The value', 'Значение'));
  expectNumberLiteral(ctx, low, msg('The lower bound', 'Нижняя граница'));
  expectNumberLiteral(ctx, high, msg('The upper bound', 'Верхняя граница'));
  const lo = literalNumber(low);
  const hi = literalNumber(high);
  if (lo !== undefined && hi !== undefined && lo > hi) {
    ctx.problem(
      high?.path ?? node.path,
      'rule.invalid_argument',
      msg('The upper bound is below the lower bound', 'Верхняя граница ниже нижней'),
    );
  }
}

function compilePct(node: OperationNode, cc: CompileContext): Evaluator {
  const [part, whole, fallback] = argRuns(node, cc) as [Evaluator, Evaluator, Evaluator | undefined];
  return (d, s) => {
    const a = kpiNumber(part(d, s));
    const b = kpiNumber(whole(d, s));
    if (Number.isNaN(a) || Number.isNaN(b)) return null;
    if (b === 0) return fallback ? fallback(d, s) : 0;
    return a / b;
  };
}

function explainPct(args: readonly unknown[], result: unknown): Message | undefined {
  const [a, b] = args;
  if (result === null) return msg('not computed: an input is not a number', 'не рассчитано: вход не число');
  if (kpiNumber(b) === 0) {
    return msg(
      `the divisor is ${n(b)}: a share of an empty plan is ${n(result)}`,
      `делитель ${n(b, 'ru')}: доля от пустого плана — ${n(result, 'ru')}`,
    );
  }
  return msg(`${n(a)} / ${n(b)} = ${n(result)}`, `${n(a, 'ru')} / ${n(b, 'ru')} = ${n(result, 'ru')}`);
}

export const kpiOperations: OperationDescriptor[] = [
  {
    name: 'tier',
    group: 'kpi',
    arity: [2, 3],
    origin: ours,
    pure: true,
    summary: msg(
      'Step table: [value, [[from, result], …], "first" | "collect"]; rows ascending by "from"; "first" gives the highest tier reached, "collect" the results of all tiers reached',
      'Ступенчатая шкала: [значение, [[от, результат], …], "first" | "collect"]; строки по возрастанию «от»; "first" — результат высшей достигнутой ступени, "collect" — результаты всех достигнутых',
    ),
    check: checkTier,
    compile: compileTier,
    explain: (args, result) =>
      result === null
        ? msg(`${n(args[0])} is below the first tier → null`, `${n(args[0], 'ru')} ниже первой ступени → null`)
        : msg(`${n(args[0])} → ${n(result)}`, `${n(args[0], 'ru')} → ${n(result, 'ru')}`),
  },
  {
    name: 'scale',
    group: 'kpi',
    arity: [4, 5],
    origin: ours,
    pure: true,
    summary: msg(
      'Achievement coefficient: [value, threshold, plan, cap, "linear" | "stepped"]: 0 below the threshold, value/plan between (linear) or the last point reached (stepped), at most cap/plan; 0 when the plan is 0',
      'Коэффициент выполнения: [значение, порог, план, максимум, "linear" | "stepped"]: 0 ниже порога, значение/план между точками (linear) или последняя достигнутая точка (stepped), не больше максимум/план; 0 при плане 0',
    ),
    check: checkScale,
    compile: (node, cc) => {
      const mode: ScaleMode = isLiteral(node.args[4]) && node.args[4].value === 'stepped' ? 'stepped' : 'linear';
      const [, ...points] = node.args as RuleNode[];
      const fixed = points.slice(0, 3).map((n) => (isLiteral(n) ? kpiNumber(n.value) : Number.NaN));
      if (!cc.tracing && fixed.every((x) => !Number.isNaN(x))) {
        // Written threshold, plan and cap: checked once here, as the validator did.
        const [t, p, c] = fixed as [number, number, number];
        const consistent = p > 0 && t >= 0 && t <= p && c >= p;
        const fused =
          consistent &&
          mode === 'linear' &&
          fuseRead(node.args[0], cc, (keys, m) => compileKpi(keys, m, Then.scale, t, p, c));
        if (fused) return fused;
        const value = cc.compile(node.args[0] as RuleNode).run;
        if (!consistent) return (d, s) => scale(value(d, s), t, p, c, mode);
        if (mode === 'linear') {
          return (d, s) => {
            const x = kpiNumber(value(d, s));
            if (Number.isNaN(x)) return null;
            return x < t ? 0 : (x < c ? x : c) / p;
          };
        }
      }
      const [v, t, p, c] = argRuns(node, cc) as [Evaluator, Evaluator, Evaluator, Evaluator];
      return (d, s) => scale(v(d, s), t(d, s), p(d, s), c(d, s), mode);
    },
    explain: explainScale,
  },
  {
    name: 'weighted',
    group: 'kpi',
    arity: [1, Number.POSITIVE_INFINITY],
    origin: ours,
    pure: true,
    summary: msg(
      'Σ weight × score over [weight, score] lines; the weights must add up to 1 (100%), else null',
      'Σ вес × оценка по строкам [вес, оценка]; веса должны давать в сумме 1 (100%), иначе null',
    ),
    check: checkWeighted,
    compile: compileWeighted,
    explain: explainWeighted,
  },
  {
    name: 'clamp',
    group: 'kpi',
    arity: [3, 3],
    origin: ours,
    pure: true,
    summary: msg('The value kept within [low, high]', 'Значение, ограниченное отрезком [низ, верх]'),
    check: checkClamp,
    compile: compileClamp,
    explain: (args, result) =>
      msg(
        `${n(args[0])} within [${n(args[1])}, ${n(args[2])}] → ${n(result)}`,
        `${n(args[0], 'ru')} в пределах [${n(args[1], 'ru')}, ${n(args[2], 'ru')}] → ${n(result, 'ru')}`,
      ),
  },
  {
    name: 'pct',
    group: 'kpi',
    arity: [2, 3],
    origin: ours,
    pure: true,
    summary: msg(
      'Share part / whole (0.736 = 73.6%); when the whole is 0 or missing: the third argument, default 0',
      'Доля часть / целое (0.736 = 73,6%); когда целое 0 или не задано — третий аргумент, по умолчанию 0',
    ),
    check(node, ctx) {
      expectNumberLiteral(ctx, node.args[0], msg('The part', 'Часть'));
      expectNumberLiteral(ctx, node.args[1], msg('The whole', 'Целое'));
    },
    compile: compilePct,
    explain: explainPct,
  },
];
