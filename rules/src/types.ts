// The rule language's shared types: what crosses the package boundary is plain JSON.

/** A rule is any JSON value; objects with exactly one key are operations. */
export type Rule = unknown;

export interface Message {
  en: string;
  ru: string;
}

export interface Problem {
  /** JSON pointer into the rule, '' for the root */
  path: string;
  code: string;
  message: Message;
}

export type ValidationResult = { ok: true; warnings: Problem[] } | { ok: false; problems: Problem[] };

export interface Limits {
  /** Deepest nesting of arrays and objects, the root being depth 0. Default 64. */
  maxDepth?: number;
  /** Most JSON values (operations, arrays and literals) in one rule. Default 10,000. */
  maxNodes?: number;
}

export interface CompileOptions {
  /** Known metric keys; a reference to any other KPI (`kpi.<key>`, `team.kpi.<key>`) is a problem. */
  catalog?: readonly string[];
  limits?: Limits;
}

/** The shape of the context a KPI rule sees (all plain JSON; every part is optional). */
export interface RuleContext {
  employee?: Record<string, unknown>;
  period?: Record<string, unknown>;
  kpi?: Record<string, KpiFigures>;
  team?: { kpi?: Record<string, KpiFigures> } & Record<string, unknown>;
  event?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface KpiFigures {
  actual?: number | string | null;
  plan?: number | string | null;
  attainment?: number | null;
  pace?: number | null;
  forecast?: number | string | null;
  [key: string]: unknown;
}

/** One evaluated node of a rule: its value and the values of the nodes it evaluated. */
export interface Trace {
  /** JSON pointer of the node in the rule */
  path: string;
  /** The operation's name, or null for a literal or a literal array */
  op: string | null;
  /** The node's value as JSON (NaN and ±Infinity become null; see `text`) */
  value: unknown;
  /** The value as it prints, when JSON cannot hold it: "NaN", "Infinity", "-Infinity", "undefined" */
  text?: string;
  /** A sentence saying why, for the operations that have one */
  note?: Message;
  /** The evaluation stopped here with an error */
  error?: { code: string; message: Message };
  children: Trace[];
  /** Children left out because an iteration produced more than the trace keeps */
  omitted?: number;
}

export interface References {
  /** Context paths the rule reads at the root scope, dot-separated, sorted */
  vars: string[];
  /** KPI keys read through `kpi.<key>` or `team.kpi.<key>`, sorted */
  kpis: string[];
  /** True when a path is computed at run time, so the lists may be incomplete */
  dynamic: boolean;
}
