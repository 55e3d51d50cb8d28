import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '@tally/widgets';
import { createMockClient, type MockClientOptions, type WidgetClient } from './support/mock-client.ts';

/** Story inputs: what the three revenue widgets share, and how the mock client answers. */
interface RevenueArgs {
  mode: NonNullable<MockClientOptions['mode']>;
  live: boolean;
  locale: string;
  theme?: 'light' | 'dark' | 'auto';
  width: string;
  range: string;
  granularity: string;
}

/**
 * The mock client; when live, each reload of movements or of the customer list moves on (more new MRR, a
 * customer's MRR growing), so the pushes that trigger reloads show.
 */
function client(args: RevenueArgs): WidgetClient {
  const base = createMockClient({ mode: args.mode, tickMs: args.live ? 1500 : 0 });
  if (!args.live) return base;
  let loads = 0;
  return {
    ...base,
    revenueMovements: async (request, options) => {
      const answer = await base.revenueMovements(request, options);
      const extra = 25_000 * loads++;
      const totals = { ...answer.totals, newMinor: answer.totals.newMinor + extra, netChangeMinor: answer.totals.netChangeMinor + extra, endingMrrMinor: answer.totals.endingMrrMinor + extra };
      return { ...answer, totals };
    },
    searchCustomers: async (search, options) => {
      const answer = await base.searchCustomers(search, options);
      const items = answer.items.map((c, i) => (i === 3 ? { ...c, mrr: { ...c.mrr, amountMinor: c.mrr.amountMinor + 20_000 * loads } } : c));
      loads += 1;
      items.sort((a, b) => b.mrr.amountMinor - a.mrr.amountMinor);
      return { ...answer, items };
    },
  };
}

/** Frames a widget at the story's width, on a dark page for the dark theme. */
const frame = (args: RevenueArgs, widget: TemplateResult) =>
  html`<div style="width: ${args.width}; ${args.theme === 'dark' ? 'background: #010409; padding: 1rem;' : ''}">${widget}</div>`;

const meta: Meta<RevenueArgs> = {
  title: 'Widgets/revenue',
  argTypes: {
    mode: { control: 'select', options: ['data', 'loading', 'empty', 'error'] },
    theme: { control: 'select', options: ['light', 'dark', 'auto'] },
    granularity: { control: 'select', options: ['day', 'week', 'month'] },
  },
  args: { mode: 'data', live: false, locale: 'en-US', width: '640px', range: '12mo', granularity: 'month' },
};

export default meta;
type Story = StoryObj<RevenueArgs>;

const trend = (measure: 'mrr' | 'arr'): Story['render'] => (args) =>
  frame(
    args,
    html`<revenue-trend
      measure=${measure}
      range=${args.range}
      granularity=${args.granularity}
      ?live=${args.live}
      locale=${args.locale}
      theme=${args.theme ?? nothing}
      .client=${client(args)}
    ></revenue-trend>`,
  );

const waterfall: Story['render'] = (args) =>
  frame(
    args,
    html`<mrr-waterfall
      ?live=${args.live}
      range=${args.range}
      granularity=${args.granularity}
      locale=${args.locale}
      theme=${args.theme ?? nothing}
      .client=${client(args)}
    ></mrr-waterfall>`,
  );

const top: Story['render'] = (args) =>
  frame(
    args,
    html`<top-customers
      ?live=${args.live}
      limit="10"
      locale=${args.locale}
      theme=${args.theme ?? nothing}
      .client=${client(args)}
      @tally-select-customer=${(e: CustomEvent<{ id: string }>) => console.info('tally-select-customer', e.detail.id)}
    ></top-customers>`,
  );

/** `<revenue-trend measure="mrr">`: current MRR, its change over the range, an area chart, a table. */
export const TrendData: Story = { render: trend('mrr') };
/** `measure="arr"`, weekly over 90 days. */
export const TrendArr: Story = { render: trend('arr'), args: { range: '90d', granularity: 'week' } };
export const TrendLoading: Story = { render: trend('mrr'), args: { mode: 'loading' } };
/** A tenant without MRR yet. */
export const TrendEmpty: Story = { render: trend('mrr'), args: { mode: 'empty' } };
export const TrendError: Story = { render: trend('mrr'), args: { mode: 'error' } };
/** `live`: the newest bucket grows with each push. */
export const TrendLive: Story = { render: trend('mrr'), args: { live: true, range: '30d', granularity: 'day' } };
export const TrendDark: Story = { render: trend('mrr'), args: { theme: 'dark' } };
export const TrendNarrow: Story = { render: trend('mrr'), args: { width: '320px' } };

/** `<mrr-waterfall>`: starting MRR → new, expansion, reactivated → contraction, churned → ending MRR. */
export const WaterfallData: Story = { render: waterfall };
export const WaterfallLoading: Story = { render: waterfall, args: { mode: 'loading' } };
export const WaterfallEmpty: Story = { render: waterfall, args: { mode: 'empty' } };
export const WaterfallError: Story = { render: waterfall, args: { mode: 'error' } };
/** `live`: reloads the movements whenever MRR changes; here each reload adds new MRR. */
export const WaterfallLive: Story = { render: waterfall, args: { live: true } };
/** The last 30 days by day. */
export const WaterfallDaily: Story = { render: waterfall, args: { range: '30d', granularity: 'day' } };
export const WaterfallDark: Story = { render: waterfall, args: { theme: 'dark' } };
/** Below 520 px the columns turn into rows. */
export const WaterfallNarrow: Story = { render: waterfall, args: { width: '320px' } };

/** `<top-customers limit="10">`: selecting a row fires `tally-select-customer` (logged to the console). */
export const TopCustomersData: Story = { render: top, args: { width: '520px' } };
export const TopCustomersLoading: Story = { render: top, args: { mode: 'loading' } };
export const TopCustomersEmpty: Story = { render: top, args: { mode: 'empty' } };
export const TopCustomersError: Story = { render: top, args: { mode: 'error' } };
/** `live`: searches again whenever MRR changes; here one customer grows until it leads. */
export const TopCustomersLive: Story = { render: top, args: { live: true, width: '520px' } };
export const TopCustomersDark: Story = { render: top, args: { theme: 'dark', width: '520px' } };
/** Below 420 px the plan column is left out. */
export const TopCustomersNarrow: Story = { render: top, args: { width: '320px' } };

/** Top customers opening Customer 360: the host page listens for `tally-select-customer`. */
export const TopCustomersWithCustomer360: Story = {
  args: { width: '760px' },
  render: (args) => {
    const mock = client(args);
    const open = (e: CustomEvent<{ id: string }>) => {
      const panel = (e.currentTarget as HTMLElement).parentElement?.querySelector('customer-360');
      panel?.setAttribute('customer-id', e.detail.id);
    };
    return html`<div style="display: grid; grid-template-columns: 1fr 320px; gap: 1rem; width: ${args.width}">
      <top-customers limit="10" locale=${args.locale} .client=${mock} @tally-select-customer=${open}></top-customers>
      <customer-360 locale=${args.locale} .client=${mock}></customer-360>
    </div>`;
  },
};
