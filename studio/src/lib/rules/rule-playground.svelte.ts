// The playground's state: the template chosen, the two texts being edited and their latest
// analysis. One instance for the session, so a draft survives moving to another page and back.
import { formatJson } from './json-text.ts';
import { PLAYGROUND_TEMPLATES, type PlaygroundTemplate } from './playground-templates.ts';
import { analyzeRule, type PlaygroundAnalysis } from './rule-playground.ts';

export class RulePlayground {
  templateId = $state('');
  ruleText = $state('');
  contextText = $state('');
  analysis = $state.raw<PlaygroundAnalysis>(analyzeRule('', ''));
  /** The texts changed and their analysis is not in yet. */
  checking = $state(false);

  // The texts `analysis` describes; plain fields, so reading them subscribes to nothing.
  #analyzedRule = '';
  #analyzedContext = '';

  constructor(templates: readonly PlaygroundTemplate[]) {
    const first = templates[0];
    if (first) this.choose(first);
  }

  /** Loads a template's rule and example context, replacing the texts, and shows it at once. */
  choose(template: PlaygroundTemplate): void {
    this.templateId = template.id;
    this.ruleText = formatJson(template.rule);
    this.contextText = formatJson(template.context);
    this.analyzeNow();
  }

  analyzeNow(): void {
    this.#analyzedRule = this.ruleText;
    this.#analyzedContext = this.contextText;
    this.analysis = analyzeRule(this.ruleText, this.contextText);
    this.checking = false;
  }

  /**
   * For an `$effect`: re-analyses `delayMs` after the last keystroke. Returns the cleanup that
   * cancels a pending run when the texts change again or the page goes away.
   */
  analyzeAfter(delayMs: number): (() => void) | undefined {
    const rule = this.ruleText;
    const context = this.contextText;
    if (rule === this.#analyzedRule && context === this.#analyzedContext) {
      // edited back to what was analyzed before the delay ran out: nothing is pending any more
      this.checking = false;
      return undefined;
    }
    this.checking = true;
    const timer = setTimeout(() => this.analyzeNow(), delayMs);
    return () => clearTimeout(timer);
  }
}

export const playground = new RulePlayground(PLAYGROUND_TEMPLATES);
