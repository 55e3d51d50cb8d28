import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '@tally/widgets';
import { createMockClient, type MockClientOptions } from './support/mock-client.ts';

/** Story inputs: the element's attributes, how the mock client answers, and the frame's width. */
interface MetricChartArgs {
  metric: string;
  range: string;
  granularity?: string;
  groupBy?: string;
  filters?: string;
  compare?: string;
  type?: 'line' | 'area' | 'bar';
  live: boolean;
  label?: string;
  locale: string;
  timezone?: string;
  currency?: string;
  theme?: 'light' | 'dark' | 'auto';
  height?: number;
  mode: NonNullable<MockClientOptions['mode']>;
  width: string;
}

const meta: Meta<MetricChartArgs> = {
  title: 'Widgets/metric-chart',
  component: 'metric-chart',
  render: (args) =>
    html`<div style="width: ${args.width}; ${args.theme === 'dark' ? 'background: #010409; padding: 1rem;' : ''}">
      <metric-chart
        metric=${args.metric}
        range=${args.range}
        granularity=${args.granularity ?? nothing}
        group-by=${args.groupBy ?? nothing}
        filters=${args.filters ?? nothing}
        compare=${args.compare ?? nothing}
        type=${args.type ?? nothing}
        ?live=${args.live}
        label=${args.label ?? nothing}
        locale=${args.locale}
        timezone=${args.timezone ?? nothing}
        currency=${args.currency ?? nothing}
        theme=${args.theme ?? nothing}
        height=${args.height ?? nothing}
        .client=${createMockClient({ mode: args.mode, tickMs: args.live ? 1500 : 0 })}
      ></metric-chart>
    </div>`,
  argTypes: {
    type: { control: 'select', options: ['line', 'area', 'bar'] },
    granularity: { control: 'select', options: ['hour', 'day', 'week', 'month'] },
    compare: { control: 'select', options: [undefined, 'previous_period', 'none'] },
    theme: { control: 'select', options: ['light', 'dark', 'auto'] },
    mode: { control: 'select', options: ['data', 'loading', 'empty', 'error'] },
  },
  args: { metric: 'mrr', range: '90d', currency: 'USD', live: false, locale: 'en-US', mode: 'data', width: '720px' },
};

export default meta;
type Story = StoryObj<MetricChartArgs>;

/** MRR over 90 days, in dollars (money comes in minor units; `currency` says which). */
export const Line: Story = {};

/** `compare="previous_period"`: the previous 90 days dashed and faded, aligned bucket by bucket. */
export const ComparePreviousPeriod: Story = { args: { compare: 'previous_period', granularity: 'week' } };

/** `type="area"` split by a dimension: one translucent area per plan, with a legend. */
export const AreaByGroup: Story = { args: { metric: 'signups', range: '30d', groupBy: 'plan', type: 'area', currency: undefined } };

/** `type="bar"` by source: counts add up, so the bars stack. */
export const StackedBars: Story = { args: { metric: 'signups', range: '30d', groupBy: 'source', type: 'bar', currency: undefined } };

/** Ratios do not add up: grouped bars stand side by side, and values read as percentages. */
export const RatioBars: Story = { args: { metric: 'csat', range: '6mo', granularity: 'month', groupBy: 'source', type: 'bar', currency: undefined } };

/** Median first response in hours, German number and date formats, Paris buckets. */
export const SecondsInGerman: Story = {
  args: { metric: 'median_first_response', range: '12mo', granularity: 'month', compare: 'previous_period', locale: 'de-DE', timezone: 'Europe/Paris', currency: undefined },
};

/** `filters` narrows the query (here to two sources). */
export const Filtered: Story = {
  args: { metric: 'signups', range: '30d', groupBy: 'source', filters: '{"source":["web","ios"]}', currency: undefined },
};

/** `live`: the mock pushes an update every 1.5 s; the newest bucket grows and the freshness time moves. */
export const Live: Story = { args: { metric: 'events', range: '48h', granularity: 'hour', live: true, currency: undefined } };

/** The mock never answers: a skeleton as tall as the chart, `aria-busy`. */
export const Loading: Story = { args: { mode: 'loading' } };

/** The answer has no series. */
export const Empty: Story = { args: { mode: 'empty' } };

/** The query fails: the API's message and a Retry button. */
export const LoadError: Story = { args: { mode: 'error' } };

/** An invalid attribute (`filters` that is not JSON): the chart names it and fires `tally-error`. */
export const InvalidAttribute: Story = { args: { filters: '{plan: pro}' } };

/** `theme="dark"`. */
export const Dark: Story = { args: { theme: 'dark', compare: 'previous_period', metric: 'signups', groupBy: 'plan', currency: undefined } };

/** 320 px wide: fewer ticks, a wrapping toolbar and legend. */
export const Narrow: Story = { args: { width: '320px', metric: 'signups', groupBy: 'source', type: 'bar', range: '14d', currency: undefined } };

/** 9,984 hourly buckets: one path per line; asked as bars, it is drawn as an area and says so. */
export const TenThousandPoints: Story = { args: { metric: 'events', range: '416d', granularity: 'hour', type: 'bar', currency: undefined } };

/** Theming through `--tally-*` custom properties and `::part()`. */
export const Themed: Story = {
  args: { metric: 'signups', groupBy: 'plan', currency: undefined },
  render: (args, context) => html`<style>
      .brand {
        --tally-font-family: ui-serif, Georgia, serif;
        --tally-color-accent: #8250df;
        --tally-series-2: #bf8700;
        --tally-series-3: #1a7f37;
        --tally-radius: 0;
      }
      .brand metric-chart::part(title) {
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
    </style>
    <div class="brand">${meta.render?.(args, context)}</div>`,
};
