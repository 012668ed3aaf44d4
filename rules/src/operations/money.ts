// Money: `money` evaluates the arithmetic inside it (+ − × ÷ % min max) in exact decimals and
// returns a decimal string, rounded to a currency's minor units when one is given; `round` rounds.
import { isLiteral, type OperationNode, type RuleNode } from '../ast.ts';
import { formatValue } from '../json.ts';
import {
  CURRENCY_MINOR_UNITS,
  Dec,
  formatDecimal,
  INVALID,
  isRoundingMode,
  MAX_DIGITS,
  minorUnits,
  type RoundingMode,
  toDecimal,
} from '../money.ts';
import { argRuns, checkNumericOperands, msg, spreads } from './helpers.ts';
import type { CheckContext, CompileContext, Evaluator, OperationDescriptor } from './types.ts';

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
  if (digitsArg === undefined) return { mode, digits: () => undefined as number | undefined | null };
  const run = cc.compile(digitsArg).run;
  return {
    mode,
    digits: (d: unknown, s: Parameters<Evaluator>[1]) => minorUnits(run(d, s)) ?? null,
  };
}

function compileMoney(node: OperationNode, cc: CompileContext): Evaluator {
  const expr = cc.compileDecimal(node.args[0] as RuleNode).run;
  const { mode, digits } = precision(node, cc);
  return (d, s) => {
    const places = digits(d, s);
    if (places === null) return null;
    return formatDecimal(toDecimal(expr(d, s)), places, mode);
  };
}

function compileRound(node: OperationNode, cc: CompileContext): Evaluator {
  const value = cc.compile(node.args[0] as RuleNode).run;
  const { mode, digits } = precision(node, cc);
  return (d, s) => {
    const places = digits(d, s);
    if (places === null) return null;
    return formatDecimal(toDecimal(value(d, s)), places ?? 2, mode);
  };
}

// ---------------------------------------------------------------- decimal arithmetic (inside money)

const finite = (x: Dec): Dec => (x.isFinite() ? x : INVALID);

function decimalValues(node: OperationNode, cc: CompileContext) {
  const runs = argRuns(node, cc);
  if (spreads(node)) {
    const [a] = runs as [Evaluator];
    return (d: unknown, s: Parameters<Evaluator>[1]): Dec[] => {
      const v = a(d, s);
      return (Array.isArray(v) ? v : [v]).map(toDecimal);
    };
  }
  return (d: unknown, s: Parameters<Evaluator>[1]): Dec[] => runs.map((run) => toDecimal(run(d, s)));
}

export const decimalArithmetic: Record<string, (node: OperationNode, cc: CompileContext) => Evaluator> = {
  '+': (node, cc) => {
    const values = decimalValues(node, cc);
    return (d, s) => values(d, s).reduce((a, b) => a.plus(b), new Dec(0));
  },
  '*': (node, cc) => {
    const values = decimalValues(node, cc);
    return (d, s) => {
      const list = values(d, s);
      return list.length === 0 ? INVALID : list.reduce((a, b) => a.times(b));
    };
  },
  '-': (node, cc) => {
    const values = decimalValues(node, cc);
    return (d, s) => {
      const [a, b] = values(d, s) as [Dec, Dec | undefined];
      return b === undefined ? a.negated() : a.minus(b);
    };
  },
  '/': (node, cc) => {
    const values = decimalValues(node, cc);
    return (d, s) => {
      const [a, b] = values(d, s) as [Dec, Dec];
      return b.isZero() ? INVALID : finite(a.dividedBy(b));
    };
  },
  '%': (node, cc) => {
    const values = decimalValues(node, cc);
    return (d, s) => {
      const [a, b] = values(d, s) as [Dec, Dec];
      return b.isZero() ? INVALID : a.modulo(b);
    };
  },
  min: (node, cc) => {
    const values = decimalValues(node, cc);
    return (d, s) => {
      const list = values(d, s);
      return list.length === 0 ? INVALID : Dec.min(...list);
    };
  },
  max: (node, cc) => {
    const values = decimalValues(node, cc);
    return (d, s) => {
      const list = values(d, s);
      return list.length === 0 ? INVALID : Dec.max(...list);
    };
  },
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
      if (value && isLiteral(value) && toDecimal(value.value).isNaN()) {
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
