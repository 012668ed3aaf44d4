// Three months of plausible CRM activity for the demo employees, generated from a fixed seed so every
// fresh demo database holds the same history.

interface DemoEmployee {
  id: string;
  crmId: string;
  department: string;
  role: string;
}

export interface DemoEventRow {
  externalId: string;
  type: string;
  occurredAt: Date;
  employee: string;
  externalEmployeeId: string;
  amountMinor: string | null;
  currency: string | null;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoEvents(employees: DemoEmployee[], months: string[], now: Date): DemoEventRow[] {
  const random = mulberry32(20261123);
  const rows: DemoEventRow[] = [];
  let serial = 0;
  const push = (e: DemoEmployee, type: string, at: Date, amountRub: number | null) => {
    serial += 1;
    rows.push({
      externalId: `hist-${serial}`,
      type,
      occurredAt: at,
      employee: e.id,
      externalEmployeeId: e.crmId,
      // whole roubles, so minor units are the amount × 100 exactly
      amountMinor: amountRub === null ? null : String(amountRub * 100),
      currency: amountRub === null ? null : 'RUB',
    });
  };
  for (const month of months) {
    const [year, mon] = month.split('-').map(Number) as [number, number];
    const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
    for (let day = 1; day <= days; day += 1) {
      // 09:00–18:00 Moscow time is 06:00–15:00 UTC
      const date = new Date(Date.UTC(year, mon - 1, day, 6));
      if (date > now) break;
      const weekday = date.getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      for (const e of employees) {
        if (e.role !== 'sales') continue;
        const at = () => new Date(date.getTime() + Math.floor(random() * 9 * 3_600_000));
        const b2b = e.department === 'moscow-b2b';
        const calls = 3 + Math.floor(random() * 6);
        for (let i = 0; i < calls; i += 1) push(e, 'call.completed', at(), null);
        if (random() < (b2b ? 0.55 : 0.8)) push(e, 'deal.created', at(), null);
        if (random() < (b2b ? 0.38 : 0.62)) {
          const amount = b2b
            ? 80_000 + Math.floor(random() * 520) * 1_000
            : 20_000 + Math.floor(random() * 130) * 1_000;
          push(e, 'deal.won', at(), amount);
        }
        if (random() < (b2b ? 0.15 : 0.2)) {
          const amount = b2b ? 60_000 + Math.floor(random() * 400) * 1_000 : 15_000 + Math.floor(random() * 90) * 1_000;
          push(e, 'deal.lost', at(), amount);
        }
      }
    }
  }
  return rows;
}
