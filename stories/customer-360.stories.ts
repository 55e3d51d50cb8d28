import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '@tally/widgets';
import { createMockClient, type MockClientOptions, type WidgetClient } from './support/mock-client.ts';

/** Story inputs: the element's attributes, and how the mock client answers. */
interface Customer360Args {
  customerId?: string;
  live: boolean;
  locale: string;
  timezone: string;
  theme?: 'light' | 'dark' | 'auto';
  mode: NonNullable<MockClientOptions['mode']>;
  width: string;
}

// Relative times ("2 days ago") are measured from the reader's clock: the mock's data is dated from it too,
// so the panel reads the same whenever the story is opened.
const NOW = new Date().toISOString();

/**
 * The mock client, but each load of the customer moves on: more active users today, more MRR, a new note. With `live`, each push of the trigger query reloads the customer, so the panel changes.
 */
function livelyClient(): WidgetClient {
  const base = createMockClient({ now: NOW, tickMs: 2500 });
  let loads = 0;
  return {
    ...base,
    customer: async (id, options) => {
      const c = await base.customer(id, options);
      loads += 1;
      const today = c.usageTrend.at(-1);
      if (today) today.activeUsers += loads;
      c.mrr = { ...c.mrr, amountMinor: c.mrr.amountMinor + 1000 * (loads - 1) };
      c.timeline = [
        { id: `live-${loads}`, type: 'crm.note_added', source: 'hubspot', occurredAt: new Date().toISOString(), properties: {} },
        ...c.timeline,
      ];
      return c;
    },
  };
}

const meta: Meta<Customer360Args> = {
  title: 'Widgets/customer-360',
  component: 'customer-360',
  render: (args) =>
    html`<div style="width: ${args.width}; ${args.theme === 'dark' ? 'background: #010409; padding: 1rem;' : ''}">
      <customer-360
        customer-id=${args.customerId ?? nothing}
        ?live=${args.live}
        locale=${args.locale}
        timezone=${args.timezone}
        theme=${args.theme ?? nothing}
        .client=${args.live ? livelyClient() : createMockClient({ mode: args.mode, now: NOW })}
      ></customer-360>
    </div>`,
  argTypes: {
    mode: { control: 'select', options: ['data', 'loading', 'empty', 'error'] },
    theme: { control: 'select', options: ['light', 'dark', 'auto'] },
  },
  args: { customerId: 'cus_4100023', live: false, locale: 'en-US', timezone: 'Europe/Paris', mode: 'data', width: '360px' },
};

export default meta;
type Story = StoryObj<Customer360Args>;

/** A customer with every section: facts, health and its parts, usage, adoption, tickets, timeline. */
export const Data: Story = {};

/** While the customer loads. */
export const Loading: Story = { args: { mode: 'loading' } };

/** An unknown id: the API answers 404 `not_found`. */
export const NotFound: Story = { args: { mode: 'empty', customerId: 'cus_gone' } };

/** No `customer-id` yet (a CRM sidebar before a record is opened). */
export const NoCustomerSelected: Story = { args: { customerId: undefined } };

/** The API failed: its message and a Retry button. */
export const LoadError: Story = { args: { mode: 'error' } };

/**
 * `live`: subscribes to the customer's daily active users and reloads the customer on every push; here each
 * reload adds an active user, $10 of MRR and a CRM note to the timeline.
 */
export const Live: Story = { args: { live: true } };

/** `theme="dark"`. */
export const Dark: Story = { args: { theme: 'dark' } };

/** A 320-px CRM sidebar: one column, nothing overflows. */
export const Narrow: Story = { args: { width: '320px' } };

/** German numbers and dates in Berlin time. */
export const German: Story = { args: { locale: 'de-DE', timezone: 'Europe/Berlin' } };

/** An invalid attribute (`timezone="Mars/Olympus"`): the panel names it and fires `tally-error`. */
export const InvalidAttribute: Story = { args: { timezone: 'Mars/Olympus' } };
