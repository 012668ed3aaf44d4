// Money: `money` evaluates the arithmetic inside it (+ − × ÷ % min max) in exact decimals and
// returns a decimal string, rounded to a currency's minor units when one is given; `round` rounds.
import { isLiteral, type OperationNode, type RuleNode } from '../ast.ts';
import {
  add,
  compare,
  divide,
  formatMoney,
  formatProduct,
  isValid,
  type Money,
  modulo,
  multiply,
  negate,
  toMoney,
} from '../fixed.ts';
import { formatValue } from '../json.ts';
import { CURRENCY_MINOR_UNITS, INVALID, isRoundingMode, MAX_DIGITS, minorUnits, type RoundingMode } from '../money.ts';
import { argRuns, checkNumericOperands, msg, spreads } from './helpers.ts';
import type { CheckContext, CompileContext, Compiled, Evaluator, OperationDescriptor } from './types.ts';

const ours = 'yardstick' as const;

function checkPrecision(node: OperationNode, ctx: CheckContext): void {
  const [, digits, mode] = node.args;
  if (digits && isLiteral(digits) && minorUnits(digits.value) === undefined) {
    ctx.problem(
      digits.path,
      'rule.invalid_argument',
      msg(
        `Round to a currency code (${Object.keys(CURRENCY_MINOR_UNITS).slice(0, 4).join(', ')}, …) or to 0–${MAX_DIGITS} digits, not ${JSON.stringify(digits.value)}`,
        `Округление — до кода валюты (${Object.keys(CURRENCY_MINOR_UNITS).slice(0, 4).join(', ')}, …) или до 0–${MAX_DIGITS} знаков, а не ${JSON.stringify(digits.value)}`,
      ),
    );
  }
  if (mode && (!isLiteral(mode) || !isRoundingMode(mode.value))) {
    ctx.problem(
      mode.path,
      'rule.invalid_argument',
      msg(
        'The rounding mode is "half-up", "half-even", "down" or "up"',
        'Режим округления — "half-up", "half-even", "down" или "up"',
      ),
    );
  }
}

/** Digits and mode: literals are resolved once; a computed currency is resolved per evaluation. */
function precision(node: OperationNode, cc: CompileContext) {
  const [, digitsArg, modeArg] = node.args as [RuleNode, RuleNode | undefined, RuleNode | undefined];
  const mode: RoundingMode = isLiteral(modeArg) && isRoundingMode(modeArg.value) ? modeArg.value : 'half-up';
  if (digitsArg === undefined) return { mode, fixed: undefined, digits: undefined };
  const compiled = cc.compile(digitsArg);
  if (compiled.constant && !cc.tracing)
    return { mode, fixed: minorUnits(compiled.constant.value) ?? null, digits: undefined };
  const run = compiled.run;
  return {
    mode,
    fixed: undefined,
    digits: (d: unknown, s: Parameters<Evaluator>[1]) => minorUnits(run(d, s)) ?? null,
  };
}

type Precision = ReturnType<typeof precision>;

/** `money` and `round`: the value (a Money, or anything toMoney reads) written with the precision. */
function compileFormat(value: Evaluator, { mode, fixed, digits }: Precision, fallback: number | undefined) {
  if (digits === undefined) {
    // No digits, or written ones: resolved here, once.
    if (fixed === null) return () => null;
    const places = fixed ?? fallback;
    return (d: unknown, s: Parameters<Evaluator>[1]) => formatMoney(toMoney(value(d, s)), places, mode);
  }
  return (d: unknown, s: Parameters<Evaluator>[1]) => {
    const places = digits(d, s);
    if (places === null) return null;
    return formatMoney(toMoney(value(d, s)), places ?? fallback, mode);
  };
}

function compileMoney(node: OperationNode, cc: CompileContext): Evaluator {
  const expr = node.args[0] as RuleNode;
  const written = precision(node, cc);
  const { mode, fixed } = written;
  if (
    !cc.tracing &&
    typeof fixed === 'number' &&
    expr.kind === 'operation' &&
    expr.op === '*' &&
    expr.args.length === 2 &&
    !spreads(expr)
  ) {
    // amount × coefficient in written minor units, the usual payout: one step. A text amount is read
    // before the coefficient is computed, so its characters are fetched from memory while that runs.
    const [a, b] = expr.args.map((arg) => cc.compileDecimal(arg).run) as [Evaluator, Evaluator];
    return (d, s) => {
      const x = a(d, s);
      return formatProduct(typeof x === 'string' ? toMoney(x) : x, b(d, s), fixed, mode);
    };
  }
  return compileFormat(cc.compileDecimal(expr).run, written, undefined);
}

function compileRound(node: OperationNode, cc: CompileContext): Evaluator {
  const value = cc.compile(node.args[0] as RuleNode).run;
  return compileFormat(value, precision(node, cc), 2);
}

// ---------------------------------------------------------------- decimal arithmetic (inside money)

type Values = (d: unknown, s: Parameters<Evaluator>[1]) => Money[];

function decimalValues(node: OperationNode, cc: CompileContext): Values {
  const runs = argRuns(node, cc);
  if (spreads(node)) {
    const [a] = runs as [Evaluator];
    return (d, s) => {
      const v = a(d, s);
      return (Array.isArray(v) ? v : [v]).map(toMoney);
    };
  }
  return (d, s) => runs.map((run) => toMoney(run(d, s)));
}

/** Two operands: no list to allocate on the hot path; a written operand is read once, here. */
function binary(node: OperationNode, cc: CompileContext, fn: (a: Money, b: Money) => Money): Evaluator | undefined {
  if (spreads(node) || node.args.length !== 2) return undefined;
  const [left, right] = node.args.map((arg) => cc.compile(arg)) as [Compiled, Compiled];
  const a = left.run;
  const b = right.run;
  if (!cc.tracing && right.constant) {
    const y = toMoney(right.constant.value);
    return (d, s) => fn(toMoney(a(d, s)), y);
  }
  if (!cc.tracing && left.constant) {
    const x = toMoney(left.constant.value);
    return (d, s) => fn(x, toMoney(b(d, s)));
  }
  return (d, s) => fn(toMoney(a(d, s)), toMoney(b(d, s)));
}

const fold = (fn: (a: Money, b: Money) => Money, empty: Money | undefined) => (list: Money[]) =>
  list.length === 0 ? (empty ?? INVALID) : list.reduce(fn);

const lesser = (a: Money, b: Money): Money => (!isValid(a) || !isValid(b) ? INVALID : compare(a, b) <= 0 ? a : b);
const greater = (a: Money, b: Money): Money => (!isValid(a) || !isValid(b) ? INVALID : compare(a, b) >= 0 ? a : b);

function variadic(fn: (a: Money, b: Money) => Money, empty?: Money) {
  return (node: OperationNode, cc: CompileContext): Evaluator => {
    const fast = binary(node, cc, fn);
    if (fast) return fast;
    const values = decimalValues(node, cc);
    const reduce = fold(fn, empty);
    return (d, s) => reduce(values(d, s));
  };
}

export const decimalArithmetic: Record<string, (node: OperationNode, cc: CompileContext) => Evaluator> = {
  '+': variadic(add, toMoney(0)),
  '*': variadic(multiply),
  '-': (node, cc) => {
    const fast = binary(node, cc, (a, b) => add(a, negate(b)));
    if (fast) return fast;
    const values = decimalValues(node, cc);
    return (d, s) => {
      const [a, b] = values(d, s) as [Money, Money | undefined];
      return b === undefined ? negate(a) : add(a, negate(b));
    };
  },
  '/': variadic(divide),
  '%': variadic(modulo),
  min: variadic(lesser),
  max: variadic(greater),
};

export const moneyOperations: OperationDescriptor[] = [
  {
    name: 'money',
    group: 'money',
    arity: [1, 3],
    origin: ours,
    pure: true,
    summary: msg(
      'Exact decimal arithmetic: [expression, currency or digits, rounding mode]; + − * / % min max inside are exact; the result is a decimal string ("61800.00"), or null when a value is not a number or a divisor is 0',
      'Точная десятичная арифметика: [выражение, валюта или число знаков, режим округления]; + − * / % min max внутри считаются точно; результат — десятичная строка ("61800.00") или null, если значение не число или делитель 0',
    ),
    check(node, ctx) {
      checkPrecision(node, ctx);
    },
    compile: compileMoney,
  },
  {
    name: 'round',
    group: 'money',
    arity: [1, 3],
    origin: ours,
    pure: true,
    summary: msg(
      'Round to a currency\'s minor units or to N digits: [value, "RUB" | 2, "half-up" | "half-even" | "down" | "up"]; default 2 digits, half-up; gives a decimal string',
      'Округлить до копеек валюты или до N знаков: [значение, "RUB" | 2, "half-up" | "half-even" | "down" | "up"]; по умолчанию 2 знака, половина вверх; даёт десятичную строку',
    ),
    check(node, ctx) {
      checkPrecision(node, ctx);
      const [value] = node.args;
      if (value && isLiteral(value) && !isValid(toMoney(value.value))) {
        ctx.problem(
          value.path,
          'rule.literal_type',
          msg('Only a number can be rounded', 'Округлить можно только число'),
        );
      }
    },
    compile: compileRound,
    explain: (args, result) =>
      msg(
        `${formatValue(args[0])} → ${formatValue(result)}`,
        `${formatValue(args[0], 'ru')} → ${formatValue(result, 'ru')}`,
      ),
  },
];

export { checkNumericOperands };
