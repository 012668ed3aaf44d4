// The ledger's totals: per currency (never added across currencies), the lines' amounts summed by
// status, exactly (decimal strings summed as integers of minor units).
import type { BonusRecord, BonusStatus } from '../api/ledger.ts';
import { sumMoney } from '../money.ts';

export interface CurrencyTotals {
  currency: string;
  /** what is owed or paid: approved and exported lines */
  payable: string;
  byStatus: Record<BonusStatus, string>;
  lines: number;
}

const STATUSES: readonly BonusStatus[] = ['proposed', 'approved', 'exported', 'rejected'];

export function totalsByCurrency(
  lines: readonly Pick<BonusRecord, 'amount' | 'currency' | 'status'>[],
): CurrencyTotals[] {
  const byCurrency = Map.groupBy(lines, (line) => line.currency);
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, ofCurrency]) => {
      const amountsOf = (statuses: readonly BonusStatus[]) =>
        ofCurrency.filter((line) => statuses.includes(line.status)).map((line) => line.amount);
      const sum = (statuses: readonly BonusStatus[]) => sumMoney(amountsOf(statuses), currency);
      return {
        currency,
        payable: sum(['approved', 'exported']),
        byStatus: Object.fromEntries(STATUSES.map((status) => [status, sum([status])])) as Record<BonusStatus, string>,
        lines: ofCurrency.length,
      };
    });
}
