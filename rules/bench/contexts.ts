// 10,000 distinct employee contexts, shaped as the engine builds them (DESIGN.md, "The rule
// language"), from a seeded generator so every run measures the same data.

export const KPIS = [
  'won_amount',
  'calls',
  'meetings',
  'conversion',
  'new_leads',
  'avg_check',
  'tasks_done',
  'response',
] as const;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeContexts(count: number, seed = 17) {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
  const contexts = [];
  for (let i = 0; i < count; i++) {
    const elapsed = round(0.2 + random() * 0.8);
    const kpi: Record<string, { actual: number; plan: number; attainment: number; pace: number; forecast: number }> =
      {};
    for (const key of KPIS) {
      const plan = key === 'conversion' ? 0.25 : Math.round(50 + random() * 3_000_000);
      const attainment = round(random() * 1.6);
      const actual = key === 'conversion' ? round(plan * attainment, 4) : Math.round(plan * attainment);
      kpi[key] = {
        actual,
        plan: random() < 0.02 ? 0 : plan,
        attainment,
        pace: elapsed,
        forecast: Math.round(actual / elapsed),
      };
    }
    contexts.push({
      employee: {
        id: `e-${i}`,
        role: pick(['sales', 'lead', 'support']),
        department: pick(['moscow-b2b', 'spb-b2c', 'kazan']),
        base_bonus: `${40_000 + Math.floor(random() * 40) * 1000}.00`,
        salary: `${45_000 + Math.floor(random() * 30) * 500}.00`,
      },
      period: {
        start: '2026-10-01',
        end: '2026-10-31',
        elapsed_share: elapsed,
        working_days_left: Math.round((1 - elapsed) * 22),
      },
      kpi,
      team: { kpi: { won_amount: { actual: 25_000_000 + Math.round(random() * 1e7), plan: 30_000_000 } } },
      event: {
        type: pick(['deal.lost', 'deal.won', 'call.completed', 'task.overdue']),
        amount: Math.round(random() * 400_000),
      },
    });
  }
  return contexts;
}

export type EmployeeContext = ReturnType<typeof makeContexts>[number];
