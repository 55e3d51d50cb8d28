import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '@tally/widgets';
import type { KpiTileState } from '@tally/widgets';

/** Story inputs: the element's attributes plus the property-only `series`. */
interface KpiTileArgs {
  label: string;
  value?: number | string;
  unit?: string;
  delta?: number;
  state?: KpiTileState;
  errorMessage?: string;
  locale: string;
  series?: number[];
}

/** A deterministic, gently rising series with a dip: a seeded walk, so screenshots never change. */
function walk(seed: number, length: number, start: number, step: number): number[] {
  let s = seed;
  const out: number[] = [];
  let v = start;
  for (let i = 0; i < length; i++) {
    s = (s * 16807) % 2147483647;
    v += step * ((s / 2147483647) * 2 - 0.7);
    out.push(Math.round(v));
  }
  return out;
}

const meta: Meta<KpiTileArgs> = {
  title: 'Widgets/kpi-tile',
  component: 'kpi-tile',
  render: (args) =>
    html`<kpi-tile
      style="width: 16rem"
      label=${args.label}
      value=${args.value ?? nothing}
      unit=${args.unit ?? nothing}
      delta=${args.delta ?? nothing}
      state=${args.state ?? nothing}
      error-message=${args.errorMessage ?? nothing}
      locale=${args.locale}
      .series=${args.series}
    ></kpi-tile>`,
  argTypes: {
    state: { control: 'select', options: ['loading', 'ready', 'empty', 'error'] },
    unit: { control: 'text' },
  },
  args: { label: 'MRR', locale: 'en-US' },
};

export default meta;
type Story = StoryObj<KpiTileArgs>;

/** Currency with a positive change and a sparkline. */
export const Currency: Story = {
  args: { value: 123456, unit: 'USD', delta: 0.042, series: walk(7, 30, 100_000, 2_000) },
};

/** `unit="%"`: the value is a ratio (0.034 → 3.4%). */
export const Percent: Story = {
  args: { label: 'Trial conversion', value: 0.034, unit: '%', delta: 0.12, series: walk(11, 30, 30, 2) },
};

/** A negative change renders ▼ in `--tally-color-down`. */
export const NegativeDelta: Story = {
  args: { label: 'Active users', value: 18230, delta: -0.067, series: walk(3, 30, 20_000, 300).reverse() },
};

/** `state="loading"` while the host fetches. */
export const Loading: Story = { args: { label: 'ARR', state: 'loading' } };

/** No value yet: the empty state. */
export const Empty: Story = { args: { label: 'Refunds' } };

/** `state="error"` with a host-supplied message. */
export const LoadError: Story = {
  args: { label: 'Churn', state: 'error', errorMessage: 'Query timed out. Try again later.' },
};

/** An invalid attribute (`value="abc"`): the tile names it and fires `tally-error` instead of throwing. */
export const InvalidAttribute: Story = { args: { label: 'MRR', value: 'abc', unit: 'USD' } };

/** Theming through `--tally-*` custom properties and `::part()`. */
export const Themed: Story = {
  args: { value: 98_765, unit: 'EUR', delta: -0.018, series: walk(5, 24, 90_000, 1_500) },
  render: (args, context) => html`<style>
      .dark {
        --tally-color-background: #0d1117;
        --tally-color-border: #30363d;
        --tally-color-text: #e6edf3;
        --tally-color-muted: #9198a1;
        --tally-color-up: #3fb950;
        --tally-color-down: #f85149;
        --tally-color-accent: #d2a8ff;
        --tally-font-family: ui-monospace, monospace;
      }
      .dark kpi-tile::part(value) {
        letter-spacing: -0.02em;
      }
    </style>
    <div class="dark">${meta.render?.(args, context)}</div>`,
};
