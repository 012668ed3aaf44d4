import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { locale } from '../../i18n/i18n.svelte.ts';
import { schemeVariables } from '../../rule-builder/variables.ts';
import RuleBuilder from './RuleBuilder.svelte';

const metrics = [
  { key: 'revenue', name: { en: 'Revenue', ru: 'Выручка' }, unit: 'money' },
  { key: 'calls', name: { en: 'Calls', ru: 'Звонки' }, unit: 'count' },
];

/** Renders the builder with `value` bound to a rune, as a page would. */
function renderBuilder(initial: unknown, extra: Record<string, unknown> = {}) {
  const state = $state({ value: initial });
  const view = render(RuleBuilder, {
    props: {
      get value() {
        return state.value;
      },
      set value(next: unknown) {
        state.value = next;
      },
      label: 'Payout formula',
      variables: schemeVariables([{ metric: 'revenue' }], metrics, locale.current),
      expect: 'number',
      ...extra,
    },
  });
  return { state, view };
}

describe('RuleBuilder', () => {
  afterEach(() => {
    cleanup();
    locale.set('en');
  });

  it('builds a tiered payout from an empty rule with the keyboard and gives its JSON-logic', async () => {
    locale.set('en');
    const user = userEvent.setup();
    const { state } = renderBuilder(null);

    await user.selectOptions(screen.getByLabelText('Block for the rule'), 'money');
    // focus moves to the new block's empty part
    expect(document.activeElement).toBe(screen.getByLabelText('Block for amount'));
    await user.selectOptions(screen.getByLabelText('Block for amount'), '*');
    await user.selectOptions(screen.getByLabelText('Block for Product (×), part 1'), 'var');
    await user.keyboard('base bonus{Enter}');
    await user.selectOptions(screen.getByLabelText('Block for Product (×), part 2'), 'tier');
    await user.selectOptions(screen.getByLabelText('Block for value graded'), 'var');
    await user.keyboard('revenue attainment{Enter}');

    const setNumber = async (label: string, text: string) => {
      const input = screen.getByLabelText(label);
      await user.clear(input);
      await user.type(input, text);
    };
    await setNumber('Number for tier 1 from', '0.8');
    await setNumber('Number for tier 1 result', '0,5');
    await setNumber('Number for tier 2 from', '1');
    await setNumber('Number for tier 2 result', '1');
    await user.click(screen.getByRole('button', { name: '+ Add a tier' }));
    await setNumber('Number for tier 3 from', '1.2');
    await setNumber('Number for tier 3 result', '1.5');

    expect(state.value).toStrictEqual({
      money: [
        {
          '*': [
            { var: 'employee.base_bonus' },
            {
              tier: [
                { var: 'kpi.revenue.attainment' },
                [
                  [0.8, 0.5],
                  [1, 1],
                  [1.2, 1.5],
                ],
              ],
            },
          ],
        },
        'RUB',
      ],
    });
    expect(screen.getByTestId('rule-builder-status').textContent).toContain('The rule is valid.');
  });

  it('picks a variable through the combobox with the keyboard: arrows across groups, Enter, Escape', async () => {
    locale.set('en');
    const user = userEvent.setup();
    const { state } = renderBuilder({ '>=': [{ var: 'kpi.revenue.actual' }, 100] }, { expect: 'boolean' });

    const combobox = screen.getByRole('combobox', { name: 'Variable for left side' });
    expect(combobox).toHaveProperty('value', 'kpi.revenue.actual');
    expect(combobox.getAttribute('aria-expanded')).toBe('false');

    combobox.focus();
    await user.keyboard('{ArrowDown}');
    expect(combobox.getAttribute('aria-expanded')).toBe('true');
    const listbox = screen.getByRole('listbox');
    const groups = within(listbox).getAllByRole('group');
    expect(
      groups.map(
        (g) =>
          g.getAttribute('aria-labelledby') &&
          document.getElementById(g.getAttribute('aria-labelledby') ?? '')?.textContent,
      ),
    ).toStrictEqual(['KPI: Revenue', 'KPI: Calls', 'Scheme', 'Employee', 'Period']);

    // typing narrows the list; each option shows its label and its path
    await user.clear(combobox);
    await user.keyboard('plan');
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map((o) => o.textContent?.replace(/\s+/g, ' ').trim())).toStrictEqual([
      'Revenue: plan kpi.revenue.plan',
      'Revenue: plan attainment (actual ÷ plan) kpi.revenue.attainment',
      'Calls: plan kpi.calls.plan',
      'Calls: plan attainment (actual ÷ plan) kpi.calls.attainment',
    ]);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const active = combobox.getAttribute('aria-activedescendant');
    expect(document.getElementById(active ?? '')?.textContent).toContain('kpi.calls.plan');
    expect(document.getElementById(active ?? '')?.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');

    expect(combobox.getAttribute('aria-expanded')).toBe('false');
    expect(state.value).toStrictEqual({ '>=': [{ var: 'kpi.calls.plan' }, 100] });
    expect(screen.getByText('Calls: plan')).toBeTruthy();

    // a search word left in the field is not taken for a path; a dotted path typed by hand is, with a warning
    await user.clear(combobox);
    await user.keyboard('revenue{Tab}');
    expect(state.value).toStrictEqual({ '>=': [{ var: 'kpi.calls.plan' }, 100] });
    expect(combobox).toHaveProperty('value', 'kpi.calls.plan');
    combobox.focus();
    await user.clear(combobox);
    await user.keyboard('team.kpi.calls.actual{Enter}');
    expect(state.value).toStrictEqual({ '>=': [{ var: 'team.kpi.calls.actual' }, 100] });
    expect(screen.getByTestId('rule-builder-warning').textContent).toContain(
      '“team.kpi.calls.actual” is not among the variables offered here',
    );
    await user.clear(combobox);
    await user.keyboard('calls plan{Enter}');

    // Escape closes the list and keeps the variable
    await user.keyboard('{ArrowDown}');
    await user.keyboard('{Escape}');
    expect(combobox.getAttribute('aria-expanded')).toBe('false');
    expect(state.value).toStrictEqual({ '>=': [{ var: 'kpi.calls.plan' }, 100] });
  });

  it('follows the JSON view: valid JSON updates the blocks, bad JSON keeps both the blocks and the text', async () => {
    locale.set('en');
    const user = userEvent.setup();
    const { state } = renderBuilder({ '>': [{ var: 'kpi.revenue.actual' }, 1000] }, { expect: 'boolean' });

    await user.click(screen.getByRole('tab', { name: 'JSON' }));
    const text = screen.getByLabelText('Payout formula as JSON') as HTMLTextAreaElement;
    expect(JSON.parse(text.value)).toStrictEqual({ '>': [{ var: 'kpi.revenue.actual' }, 1000] });

    await user.clear(text);
    await user.paste('{"<": [{"var": "kpi.calls.actual"}, 50]}');
    expect(state.value).toStrictEqual({ '<': [{ var: 'kpi.calls.actual' }, 50] });

    await user.type(text, '{Backspace}');
    expect(screen.getByTestId(`${text.id}-json-error`).textContent).toContain('Not valid JSON');
    expect(text.value).toBe('{"<": [{"var": "kpi.calls.actual"}, 50]');
    expect(state.value).toStrictEqual({ '<': [{ var: 'kpi.calls.actual' }, 50] });

    await user.click(screen.getByRole('tab', { name: 'Blocks' }));
    expect(screen.getByRole('combobox', { name: 'Variable for left side' })).toHaveProperty(
      'value',
      'kpi.calls.actual',
    );
    expect((screen.getByLabelText('Operator for the rule') as HTMLSelectElement).value).toBe('<');
    expect(screen.getByLabelText('Number for right side')).toHaveProperty('value', '50');

    // the bad text is still there to fix
    await user.click(screen.getByRole('tab', { name: 'JSON' }));
    expect((screen.getByLabelText('Payout formula as JSON') as HTMLTextAreaElement).value).toBe(
      '{"<": [{"var": "kpi.calls.actual"}, 50]',
    );
  });

  it('keeps a rule with an operation it has no block for exactly as written, editable as JSON', async () => {
    locale.set('en');
    const user = userEvent.setup();
    const rule = {
      '*': [
        { frobnicate: [{ var: 'x' }, 2] },
        { reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] },
      ],
    };
    const { state } = renderBuilder(rule);

    expect(state.value).toStrictEqual(rule);
    const raw = screen.getByLabelText('JSON for Product (×), part 2') as HTMLTextAreaElement;
    expect(JSON.parse(raw.value)).toStrictEqual(rule['*'][1]);
    // the unknown operation is a problem placed at its own block
    const first = screen.getByLabelText('JSON for Product (×), part 1').closest('fieldset') as HTMLElement;
    expect(within(first).getByTestId('rule-builder-problem').textContent).toContain('frobnicate');

    // editing another part leaves the unknown one untouched
    await user.selectOptions(screen.getByLabelText('Operator for the rule'), '+');
    expect(state.value).toStrictEqual({ '+': rule['*'] });
  });

  it("shows each validation message at its block, in English and in Russian, with the server's problems", async () => {
    locale.set('en');
    const rule = {
      money: [
        {
          '*': [
            { var: 'employee.base_bonus' },
            {
              tier: [
                { var: 'kpi.revenue.attainment' },
                [
                  [1, 1],
                  [0.8, 0.5],
                ],
              ],
            },
          ],
        },
        'XYZ',
      ],
    };
    renderBuilder(rule, {
      basePath: '/payout',
      problems: [
        { path: '/payout/money/0/*/0', message: 'Base bonus is not set for role intern' },
        { path: '/alertRules/0/when', message: 'elsewhere' },
      ],
    });

    const currency = screen.getByLabelText('Text for currency or digits').closest('fieldset') as HTMLElement;
    expect(within(currency).getByTestId('rule-builder-problem').textContent).toMatch(/currency/i);
    const bonus = screen
      .getByRole('combobox', { name: 'Variable for Product (×), part 1' })
      .closest('fieldset') as HTMLElement;
    expect(within(bonus).getByTestId('rule-builder-problem').textContent).toContain(
      'Base bonus is not set for role intern',
    );
    const bound = screen.getByLabelText('Number for tier 2 from').closest('fieldset') as HTMLElement;
    expect(within(bound).getByTestId('rule-builder-problem').textContent).toContain(
      'Tier bounds must go up, each above the one before',
    );
    expect(screen.queryByText('elsewhere')).toBeNull();
    expect(screen.getByTestId('rule-builder-status').textContent).toContain('3 problems');

    locale.set('ru');
    await Promise.resolve();
    const currencyRu = screen.getByLabelText('Текст: валюта или число знаков').closest('fieldset') as HTMLElement;
    expect(within(currencyRu).getByTestId('rule-builder-problem').textContent).toMatch(/валют/i);
    expect(screen.getByTestId('rule-builder-status').textContent).toContain('3 проблемы');
    const boundRu = screen.getByLabelText('Число: ступень 2: от').closest('fieldset') as HTMLElement;
    expect(within(boundRu).getByTestId('rule-builder-problem').textContent).toContain(
      'Границы шкалы должны возрастать',
    );
  });

  it('says when the rule gives yes/no where a number is expected', () => {
    locale.set('en');
    renderBuilder({ '>': [{ var: 'kpi.revenue.actual' }, 1] }, { expect: 'number' });
    expect(screen.getByTestId('rule-builder-warning').textContent).toContain(
      'A number is expected here, but this rule gives yes/no.',
    );
  });

  it('adds, moves and removes parts from the keyboard, keeping focus where the work is, and wraps a rule', async () => {
    locale.set('en');
    const user = userEvent.setup();
    const first = { '>': [{ var: 'kpi.revenue.actual' }, 1] };
    const second = { '<': [{ var: 'kpi.calls.actual' }, 5] };
    const { state } = renderBuilder({ and: [first, second] }, { expect: 'boolean' });

    screen.getByRole('button', { name: '+ Add a condition' }).focus();
    await user.keyboard('{Enter}');
    const palette = screen.getByLabelText('Block for condition 3');
    expect(document.activeElement).toBe(palette);
    await user.selectOptions(palette, 'not');
    expect(document.activeElement).toBe(screen.getByLabelText('Block for condition negated'));
    expect(state.value).toStrictEqual({ and: [first, second, { '!': [null] }] });

    // condition 2 up: through its ⋯ menu, by keyboard
    screen.getByRole('button', { name: 'More for condition 2' }).focus();
    await user.keyboard('{Enter}');
    expect(document.activeElement?.textContent).toContain('Move condition 2 up');
    await user.keyboard('{Enter}');
    expect(state.value).toStrictEqual({ and: [second, first, { '!': [null] }] });
    expect((document.activeElement as HTMLInputElement).value).toBe('kpi.calls.actual');

    // remove condition 3: focus goes to the condition now last
    await user.click(screen.getByRole('button', { name: 'More for condition 3' }));
    await user.click(screen.getByRole('button', { name: '× Remove condition 3' }));
    expect(state.value).toStrictEqual({ and: [second, first] });
    expect(document.activeElement).toBe(screen.getAllByRole('combobox', { name: 'Variable for left side' })[1]);

    // Escape closes a menu and gives focus back to its button
    const more = screen.getByRole('button', { name: 'More for the rule' });
    await user.click(more);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{Escape}');
    expect(more.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(more);

    // wrap the whole rule in "not"
    await user.click(more);
    await user.selectOptions(screen.getByLabelText('Wrap the rule in'), 'not');
    expect(state.value).toStrictEqual({ '!': [{ and: [second, first] }] });
  });

  it('builds a weighted sum of two KPI achievements and says when the weights miss 100%', async () => {
    locale.set('en');
    const user = userEvent.setup();
    const { state } = renderBuilder(null);

    await user.selectOptions(screen.getByLabelText('Block for the rule'), 'weighted');
    await user.selectOptions(screen.getByLabelText('Block for line 1 score'), 'var');
    await user.keyboard('revenue achievement{Enter}');
    await user.selectOptions(screen.getByLabelText('Block for line 2 score'), 'var');
    await user.keyboard('calls attainment{Enter}');
    const weight = screen.getByLabelText('Number for line 2 weight');
    await user.clear(weight);
    await user.type(weight, '0.4');

    expect(state.value).toStrictEqual({
      weighted: [
        [0.5, { var: 'kpi.revenue.achievement' }],
        [0.4, { var: 'kpi.calls.attainment' }],
      ],
    });
    expect(screen.getByText('Weights add up to 90%; they must make 100%.')).toBeTruthy();
    expect(screen.getByTestId('rule-builder-status').textContent).toContain('1 problem');

    await user.clear(weight);
    await user.type(weight, '0.5');
    expect(screen.getByTestId('rule-builder-status').textContent).toContain('The rule is valid.');
  });

  it('builds an if chain with a "between" condition, adds and removes an "otherwise if"', async () => {
    locale.set('en');
    const user = userEvent.setup();
    const { state } = renderBuilder(null);
    const setNumber = async (label: string, text: string) => {
      const input = screen.getByLabelText(label);
      await user.clear(input);
      await user.type(input, text);
    };

    await user.selectOptions(screen.getByLabelText('Block for the rule'), 'if');
    expect(document.activeElement).toBe(screen.getByLabelText('Block for condition 1'));
    await user.selectOptions(screen.getByLabelText('Block for condition 1'), 'between');
    expect(document.activeElement).toBe(screen.getByLabelText('Block for value between'));
    await user.selectOptions(screen.getByLabelText('Block for value between'), 'var');
    await user.keyboard('revenue attainment{Enter}');
    await setNumber('Number for lower bound', '0.8');
    await setNumber('Number for upper bound', '1.2');
    await user.selectOptions(screen.getByLabelText('Block for result 1'), 'number');
    await setNumber('Number for result 1', '1');
    await user.selectOptions(screen.getByLabelText('Block for otherwise'), 'number');

    expect(state.value).toStrictEqual({ if: [{ '<=': [0.8, { var: 'kpi.revenue.attainment' }, 1.2] }, 1, 0] });

    await user.click(screen.getByRole('button', { name: '+ Add “otherwise if”' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Block for condition 2'));
    expect(state.value).toStrictEqual({
      if: [{ '<=': [0.8, { var: 'kpi.revenue.attainment' }, 1.2] }, 1, null, null, 0],
    });
    await user.click(screen.getByRole('button', { name: 'Remove condition 2 and its result' }));
    expect(state.value).toStrictEqual({ if: [{ '<=': [0.8, { var: 'kpi.revenue.attainment' }, 1.2] }, 1, 0] });

    // bounds excluded: the same three operands with <
    await user.click(screen.getByRole('checkbox', { name: 'bounds included' }));
    expect(state.value).toStrictEqual({ if: [{ '<': [0.8, { var: 'kpi.revenue.attainment' }, 1.2] }, 1, 0] });
  });

  it('switches between the blocks and the JSON with the arrow keys (ARIA tabs)', async () => {
    locale.set('en');
    const user = userEvent.setup();
    renderBuilder({ '+': [1, 2] });
    const blocks = screen.getByRole('tab', { name: 'Blocks' });
    blocks.focus();
    await user.keyboard('{ArrowRight}');
    const json = screen.getByRole('tab', { name: 'JSON' });
    expect(document.activeElement).toBe(json);
    expect(json.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel', { name: 'JSON' })).toBeTruthy();
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(blocks);
    expect(screen.queryByLabelText('Payout formula as JSON')).toBeNull();
  });
});
