import { reject, Reader } from './fields.ts';

/** Months per billing interval: a price billed every `interval` is worth `unit × factor / interval_count` a month. */
const PER_MONTH: Record<string, number> = { day: 365 / 12, week: 52 / 12, month: 1, year: 1 / 12 };

/** Subscription statuses that carry no recurring revenue. */
const NO_MRR_STATUSES = new Set(['canceled', 'incomplete_expired']);

/** One priced line of a subscription (a subscription item, or the legacy top-level plan). */
export interface StripeLine {
  monthlyMinor: number;
  quantity: number;
  priceId?: string;
  nickname?: string;
  productId?: string;
  interval: string;
  intervalCount: number;
  currency?: string;
}

/** A subscription as it is now, or as it was before an update (`previous_attributes` laid over it). */
export interface StripeSubscriptionView {
  status: string;
  lines: StripeLine[];
  /** Σ lines, rounded once; 0 when the status carries no revenue. */
  mrrMinor: number;
}

/**
 * Reads a Stripe subscription object. With `previous`, every attribute Stripe lists in
 * `data.previous_attributes` (items, plan, quantity, status: Stripe sends whole arrays) is read from there
 * instead, which gives the subscription as it was.
 */
export function readSubscription(sub: Reader, previous?: Reader): StripeSubscriptionView {
  const from = (key: string): Reader => (previous && key in previous.value ? previous : sub);
  const status = from('status').string('status');
  const lines = readLines(from('items'), from('plan'), from('quantity'));
  return { status, lines, mrrMinor: NO_MRR_STATUSES.has(status) ? 0 : sumMrr(lines) };
}

/** Σ of the lines' monthly amounts, rounded to whole minor units (status ignored). */
export function sumMrr(lines: StripeLine[]): number {
  return Math.round(lines.reduce((sum, line) => sum + line.monthlyMinor, 0));
}

function readLines(itemsFrom: Reader, planFrom: Reader, quantityFrom: Reader): StripeLine[] {
  const items = itemsFrom.optionalObject('items');
  if (items) {
    const data = items.array('data');
    return data.map((raw, i) => {
      const item = new Reader(raw, `${items.at('data')}[${i}]`);
      const price = item.optionalObject('price') ?? item.optionalObject('plan');
      if (!price) reject('missing_field', item.at('price'), 'is required');
      return readLine(price, item.optionalInteger('quantity'));
    });
  }
  // Subscriptions rendered by very old API versions carry one top-level `plan` and `quantity`.
  const plan = planFrom.optionalObject('plan');
  return plan ? [readLine(plan, quantityFrom.optionalInteger('quantity'))] : [];
}

/** A Price (`unit_amount`, `recurring`) or a legacy Plan (`amount`, `interval`). */
function readLine(price: Reader, itemQuantity: number | undefined): StripeLine {
  const recurring = price.optionalObject('recurring');
  const cadence = recurring ?? price;
  const interval = cadence.string('interval');
  const intervalCount = cadence.optionalInteger('interval_count') ?? 1;
  const perMonth = PER_MONTH[interval];
  if (perMonth === undefined) reject('invalid_field', cadence.at('interval'), `unknown billing interval ${JSON.stringify(interval)}`);
  if (intervalCount < 1) reject('invalid_field', cadence.at('interval_count'), 'must be at least 1');
  // Metered prices bill for usage after the fact; tiered prices have no unit amount. Neither has a fixed MRR.
  const metered = cadence.optionalString('usage_type') === 'metered';
  // Metered items have no quantity (seats); licensed ones default to one.
  const quantity = itemQuantity ?? (metered ? 0 : 1);
  const unit = metered ? 0 : (price.optionalNumber('unit_amount') ?? price.optionalNumber('amount') ?? decimal(price));
  const product = price.raw('product');
  return {
    monthlyMinor: (unit * quantity * perMonth) / intervalCount,
    quantity,
    priceId: price.optionalString('id', { max: 256 }),
    nickname: price.optionalString('nickname'),
    productId: typeof product === 'string' ? product : price.optionalObject('product')?.optionalString('id'),
    interval,
    intervalCount,
    currency: price.has('currency') ? price.currency('currency') : undefined,
  };
}

function decimal(price: Reader): number {
  const text = price.optionalString('unit_amount_decimal');
  const value = text === undefined ? 0 : Number(text);
  if (!Number.isFinite(value)) reject('invalid_field', price.at('unit_amount_decimal'), `expected a decimal number, got ${JSON.stringify(text)}`);
  return value;
}
