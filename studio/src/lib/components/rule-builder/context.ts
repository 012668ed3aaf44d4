// What every block of one builder shares: the variable catalog, the notes placed at each block and
// where focus goes after an edit. Set by RuleBuilder, read by the blocks through Svelte's context.
import { getContext, setContext } from 'svelte';
import type { Note } from '../../rule-builder/checks.ts';
import type { VariableOption } from '../../rule-builder/variables.ts';

export interface BuilderContext {
  /** a prefix unique to this builder, for element ids */
  readonly idPrefix: string;
  readonly variables: readonly VariableOption[];
  /** the currency new money blocks start with */
  readonly currency: string;
  notesFor(blockId: string): readonly Note[];
  /** Ask the block with this id to take focus once it is drawn. */
  requestFocus(blockId: string): void;
  /** Whether focus was asked for this block; answers true once. */
  takeFocus(blockId: string): boolean;
  /** The focus request in waiting, read by blocks' effects so they re-run when it changes. */
  readonly focusRequest: string | null;
}

const KEY = Symbol('rule-builder');

export const setBuilderContext = (context: BuilderContext): BuilderContext => setContext(KEY, context);

export const builderContext = (): BuilderContext => getContext<BuilderContext>(KEY);

/** The first control inside an element that can take focus. */
export function focusFirst(element: HTMLElement | undefined): void {
  const target = element?.querySelector<HTMLElement>(
    'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])',
  );
  (target ?? element)?.focus();
}
