import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '@tally/widgets';
import type { KpiTileState } from '@tally/widgets';
import { createMockClient, type MockClientOptions } from './support/mock-client.ts';

/** Story inputs: the element's attributes plus the property-only `series`, and the mock client of bound tiles. */
interface KpiTileArgs {
  label: string;
  value?: number | string;
  unit?: string;
  delta?: number;
  state?: KpiTileState;
  errorMessage?: string;
  locale: string;
  series?: number[];
  metric?: string;
  range?: string;
  compare?: string;
  live?: boolean;
  theme?: 'light' | 'dark' | 'auto';
  mode?: NonNullable<MockClientOptions['mode']>;
  width?: string;
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
      style="width: ${args.width ?? '16rem'}"
      label=${args.label}
      value=${args.value ?? nothing}
      unit=${args.unit ?? nothing}
      delta=${args.delta ?? nothing}
      state=${args.state ?? nothing}
      error-message=${args.errorMessage ?? nothing}
      locale=${args.locale}
      .series=${args.series}
      metric=${args.metric ?? nothing}
      range=${args.range ?? nothing}
      compare=${args.compare ?? nothing}
      ?live=${args.live ?? false}
      theme=${args.theme ?? nothing}
      .client=${args.metric ? createMockClient({ mode: args.mode ?? 'data', tickMs: args.live ? 1500 : 0 }) : undefined}
    ></kpi-tile>`,
  argTypes: {
    state: { control: 'select', options: ['loading', 'ready', 'empty', 'error'] },
    unit: { control: 'text' },
    theme: { control: 'select', options: ['light', 'dark', 'auto'] },
    mode: { control: 'select', options: ['data', 'loading', 'empty', 'error'] },
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

/** Bound to `metric="mrr"`: the range's MRR (the last value: MRR is a stock), its change against the previous 30 days, the daily points. */
export const BoundToMetric: Story = { args: { label: '', metric: 'mrr', range: '30d', unit: 'USD' } };

/** A flow metric: the range's total signups; the unit comes from the answer (`count`). */
export const BoundSignups: Story = { args: { label: 'Signups, 30 days', metric: 'signups', range: '30d' } };

/** A ratio metric shows as a percentage without a `unit`. */
export const BoundRatio: Story = { args: { label: 'CSAT', metric: 'csat', range: '90d' } };

/** `live`: updates pushed every 1.5 s, with a live dot; its tooltip says when the data was fresh. */
export const BoundLive: Story = { args: { label: 'Events today', metric: 'events', range: '24h', live: true } };

/** Bound, while the mock never answers. */
export const BoundLoading: Story = { args: { label: 'MRR', metric: 'mrr', unit: 'USD', mode: 'loading' } };

/** Bound, and the answer has no series. */
export const BoundEmpty: Story = { args: { label: 'Refunds', metric: 'refunds', unit: 'USD', mode: 'empty' } };

/** Bound, and the query fails: the API's message and Retry. */
export const BoundError: Story = { args: { label: 'MRR', metric: 'mrr', unit: 'USD', mode: 'error' } };

/** `theme="dark"`. */
export const Dark: Story = {
  args: { label: 'MRR', metric: 'mrr', unit: 'USD', theme: 'dark' },
  render: (args, context) => html`<div style="background: #010409; padding: 1rem">${meta.render?.(args, context)}</div>`,
};

/** A narrow container: the tile shrinks to 10rem and wraps its label. */
export const Narrow: Story = { args: { label: 'Monthly recurring revenue', metric: 'mrr', unit: 'USD', width: '10rem' } };
