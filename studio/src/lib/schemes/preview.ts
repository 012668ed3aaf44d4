// The designer's live preview: an edited definition evaluated in the browser, per employee of its scope, with
// the code the engine and the workflows run (compileScheme), beside what the active version pays. Rules are
// compiled once per recompute and the participants' contexts are read, never copied: 1,000 employees
// recompute well within 100 ms.
import { compileScheme, type EvaluationContext, type SchemeDefinition } from '@yardstick/workflows/evaluation';
import { fromMinor, minorUnits } from '../money.ts';

/** What the engine's preview-data endpoint gives per employee (the studio's PreviewParticipant). */
export interface PreviewInput {
  employee: { id: string; name: string; department: string; role: string };
  context: unknown;
  active: { payout: string | null; currency: string } | null;
}

export interface PreviewLine {
  metric: string;
  attainment: number | null;
  achievement: number | null;
}

export interface PreviewRow {
  employee: PreviewInput['employee'];
  lines: PreviewLine[];
  weightedAchievement: number | null;
  /** decimal string; null when the rule gave no amount */
  payout: string | null;
  /** what the active version pays; null when it does not cover the employee */
  active: string | null;
  /** payout − active, decimal string; null when either is missing */
  difference: string | null;
  /** the rule stopped for this employee (a `throw`, a limit) */
  failed: boolean;
}

export interface PreviewResult {
  currency: string;
  rows: PreviewRow[];
  totals: { payout: string; active: string | null; difference: string | null };
  /** employees whose payout differs from the active version's */
  changed: number;
  /** the definition's rules do not compile: nothing could be evaluated */
  invalid: boolean;
}

export function previewScheme(
  definition: SchemeDefinition,
  participants: readonly PreviewInput[],
  active: { currency: string } | null,
): PreviewResult {
  const currency = definition.currency ?? 'RUB';
  let scheme: ReturnType<typeof compileScheme>;
  try {
    scheme = compileScheme(definition, { trace: false });
  } catch {
    return {
      currency,
      rows: [],
      totals: { payout: fromMinor(0n, currency), active: null, difference: null },
      changed: 0,
      invalid: true,
    };
  }
  // an active version in another currency is not comparable
  const comparable = active !== null && active.currency === currency;
  let total = 0n;
  let activeTotal = 0n;
  let changed = 0;
  const rows = new Array<PreviewRow>(participants.length);
  for (let i = 0; i < participants.length; i++) {
    const p = participants[i] as PreviewInput;
    let payout: string | null = null;
    let lines: PreviewLine[] = [];
    let weightedAchievement: number | null = null;
    let failed = false;
    try {
      const result = scheme.evaluate(p.context as EvaluationContext);
      payout = result.payout;
      weightedAchievement = result.weightedAchievement;
      lines = result.achievements.map((a) => ({
        metric: a.metric,
        attainment: a.attainment,
        achievement: a.achievement,
      }));
    } catch {
      failed = true;
    }
    const minor = payout === null ? null : minorUnits(payout, currency);
    const activePayout = comparable ? (p.active?.payout ?? null) : null;
    const activeMinor = activePayout === null ? null : minorUnits(activePayout, currency);
    if (minor !== null) total += minor;
    if (activeMinor !== null) activeTotal += activeMinor;
    const difference = minor !== null && activeMinor !== null ? minor - activeMinor : null;
    if (minor !== activeMinor) changed++;
    rows[i] = {
      employee: p.employee,
      lines,
      weightedAchievement,
      payout,
      active: activePayout,
      difference: difference === null ? null : fromMinor(difference, currency),
      failed,
    };
  }
  return {
    currency,
    rows,
    totals: {
      payout: fromMinor(total, currency),
      active: comparable ? fromMinor(activeTotal, currency) : null,
      difference: comparable ? fromMinor(total - activeTotal, currency) : null,
    },
    changed,
    invalid: false,
  };
}
