import type { DimensionSource, MetricDefinition } from './metric.ts';

const currency = (from: string): DimensionSource => ({ name: 'currency', from });
const dims = (...sources: DimensionSource[]): readonly DimensionSource[] => sources;
const names = (sources: readonly DimensionSource[]) => sources.map((d) => d.name);

const eventDims = dims({ name: 'type', from: 'type' }, { name: 'source', from: 'source' });
const ticketDims = dims({ name: 'source', from: 'source' }, { name: 'priority', from: 'properties.priority' }, { name: 'channel', from: 'properties.channel' });
const movementDims = dims({ name: 'kind', from: 'kind' }, currency('currency'));
const customerMovementDims = dims({ name: 'kind', from: 'kind' });

/** Signup-like product events, as different SDKs name them (slugged by ingest). */
const SIGNUP_TYPES = ['product.signed_up', 'product.signup', 'product.sign_up', 'product.account_created', 'product.user_signed_up'];

const mrrSlice = (kind: string, title: string): MetricDefinition => ({
  name: `${kind}_mrr`,
  title,
  description: `MRR change from ${kind} movements (customer level; see README "MRR movements")`,
  unit: 'money',
  aggregation: 'sum',
  sensitivity: 'finance',
  dimensions: ['currency'],
  source: { kind: 'slice', of: 'mrr_movements', where: { kind: [kind] } },
});

/**
 * Every metric Tally knows. Adding a metric is one entry: a `collected` entry is picked up by the aggregator
 * (rollups at hour, day and month) and by the planner with no other change.
 */
export const METRIC_CATALOG: readonly MetricDefinition[] = [
  // product usage
  {
    name: 'events',
    title: 'Events',
    description: 'Events received, by canonical type and source',
    unit: 'count',
    aggregation: 'sum',
    sensitivity: 'general',
    dimensions: names(eventDims),
    source: { kind: 'collected', match: {}, dimensions: eventDims },
  },
  {
    name: 'signups',
    title: 'Signups',
    description: `Signup events (${SIGNUP_TYPES.join(', ')})`,
    unit: 'count',
    aggregation: 'sum',
    sensitivity: 'product',
    dimensions: ['source'],
    source: { kind: 'collected', match: { types: SIGNUP_TYPES }, dimensions: dims({ name: 'source', from: 'source' }) },
  },
  {
    name: 'feature_uses',
    title: 'Feature uses',
    description: 'product.feature_used events, by feature',
    unit: 'count',
    aggregation: 'sum',
    sensitivity: 'product',
    dimensions: ['feature'],
    source: { kind: 'collected', match: { types: ['product.feature_used'] }, dimensions: dims({ name: 'feature', from: 'properties.feature' }) },
  },
  { name: 'dau', title: 'Daily active users', description: 'Distinct users with product activity in one day', unit: 'users', aggregation: 'distinct', sensitivity: 'product', dimensions: ['customer'], source: { kind: 'active_users', windowDays: 1 } },
  { name: 'wau', title: 'Weekly active users', description: 'Distinct users with product activity in the trailing 7 days', unit: 'users', aggregation: 'distinct', sensitivity: 'product', dimensions: ['customer'], source: { kind: 'active_users', windowDays: 7 } },
  { name: 'mau', title: 'Monthly active users', description: 'Distinct users with product activity in the trailing 30 days', unit: 'users', aggregation: 'distinct', sensitivity: 'product', dimensions: ['customer'], source: { kind: 'active_users', windowDays: 30 } },
  { name: 'feature_users', title: 'Feature users', description: 'Distinct users of a feature', unit: 'users', aggregation: 'distinct', sensitivity: 'product', dimensions: ['feature', 'customer'], source: { kind: 'feature_users' } },
  {
    name: 'feature_adoption',
    title: 'Feature adoption',
    description: 'Users of a feature ÷ active users, over the period',
    unit: 'ratio',
    aggregation: 'ratio',
    sensitivity: 'product',
    dimensions: ['feature', 'customer'],
    source: { kind: 'ratio', numerator: { metric: 'feature_users' }, denominator: { metric: 'mau' } },
  },
  // revenue
  {
    name: 'mrr_movements',
    title: 'MRR movements',
    description: 'Signed MRR change per movement kind: new, expansion, contraction, churned, reactivated',
    unit: 'money',
    aggregation: 'sum',
    sensitivity: 'finance',
    dimensions: names(movementDims),
    source: { kind: 'computed', computedBy: 'mrr_movements', dimensions: movementDims },
  },
  {
    name: 'customer_movements',
    title: 'Paying customer movements',
    description: '+1 for a new or reactivated paying customer, −1 for a churned one',
    unit: 'count',
    aggregation: 'sum',
    sensitivity: 'finance',
    dimensions: names(customerMovementDims),
    source: { kind: 'computed', computedBy: 'customer_movements', dimensions: customerMovementDims },
  },
  { name: 'mrr', title: 'MRR', description: 'Monthly recurring revenue at the end of each bucket', unit: 'money', aggregation: 'last', sensitivity: 'finance', dimensions: ['currency'], source: { kind: 'cumulative', of: 'mrr_movements' } },
  { name: 'arr', title: 'ARR', description: 'MRR × 12', unit: 'money', aggregation: 'last', sensitivity: 'finance', dimensions: ['currency'], source: { kind: 'scaled', of: 'mrr', factor: 12 } },
  mrrSlice('new', 'New MRR'),
  mrrSlice('expansion', 'Expansion MRR'),
  mrrSlice('contraction', 'Contraction MRR'),
  mrrSlice('churned', 'Churned MRR'),
  mrrSlice('reactivated', 'Reactivated MRR'),
  { name: 'paying_customers', title: 'Paying customers', description: 'Customers with MRR above zero at the end of each bucket', unit: 'count', aggregation: 'last', sensitivity: 'finance', dimensions: [], source: { kind: 'cumulative', of: 'customer_movements' } },
  {
    name: 'revenue',
    title: 'Revenue',
    description: 'Amount of paid invoices',
    unit: 'money',
    aggregation: 'sum',
    sensitivity: 'finance',
    dimensions: ['currency', 'source'],
    source: { kind: 'collected', match: { types: ['billing.invoice_paid'] }, value: { from: 'revenue.amountMinor' }, dimensions: dims(currency('revenue.currency'), { name: 'source', from: 'source' }) },
  },
  {
    name: 'refunds',
    title: 'Refunds',
    description: 'Amount refunded (a positive number)',
    unit: 'money',
    aggregation: 'sum',
    sensitivity: 'finance',
    dimensions: ['currency'],
    source: { kind: 'collected', match: { types: ['billing.charge_refunded'] }, value: { from: 'revenue.amountMinor', negate: true }, dimensions: dims(currency('revenue.currency')) },
  },
  {
    name: 'failed_payments',
    title: 'Failed payments',
    description: 'Failed payment attempts',
    unit: 'count',
    aggregation: 'sum',
    sensitivity: 'finance',
    dimensions: ['currency'],
    source: { kind: 'collected', match: { types: ['billing.payment_failed'] }, dimensions: dims(currency('properties.currency')) },
  },
  {
    name: 'logo_churn_rate',
    title: 'Logo churn rate',
    description: 'Customers who churned in the period ÷ paying customers at its start',
    unit: 'ratio',
    aggregation: 'ratio',
    sensitivity: 'finance',
    dimensions: [],
    source: { kind: 'ratio', numerator: { metric: 'churned_customers' }, denominator: { metric: 'paying_customers', at: 'period_start' } },
  },
  { name: 'churned_customers', title: 'Churned customers', description: 'Paying customers lost (negative count)', unit: 'count', aggregation: 'sum', sensitivity: 'finance', dimensions: [], source: { kind: 'slice', of: 'customer_movements', where: { kind: ['churned'] } } },
  {
    name: 'net_revenue_retention',
    title: 'Net revenue retention',
    description: '1 + (expansion + contraction + churned MRR) ÷ MRR at the start of the period',
    unit: 'ratio',
    aggregation: 'ratio',
    sensitivity: 'finance',
    dimensions: ['currency'],
    source: { kind: 'ratio', numerator: { metric: 'retained_mrr_change' }, denominator: { metric: 'mrr', at: 'period_start' }, offset: 1 },
  },
  { name: 'retained_mrr_change', title: 'Retained MRR change', description: 'Expansion + contraction + churned MRR (existing customers only)', unit: 'money', aggregation: 'sum', sensitivity: 'finance', dimensions: ['currency'], source: { kind: 'slice', of: 'mrr_movements', where: { kind: ['expansion', 'contraction', 'churned'] } } },
  // support
  {
    name: 'tickets_opened',
    title: 'Tickets opened',
    description: 'Support tickets and conversations opened',
    unit: 'count',
    aggregation: 'sum',
    sensitivity: 'support',
    dimensions: names(ticketDims),
    source: { kind: 'collected', match: { types: ['support.ticket_opened', 'support.conversation_opened'] }, dimensions: ticketDims },
  },
  {
    name: 'tickets_solved',
    title: 'Tickets solved',
    description: 'Support tickets solved and conversations closed',
    unit: 'count',
    aggregation: 'sum',
    sensitivity: 'support',
    dimensions: names(ticketDims),
    source: { kind: 'collected', match: { types: ['support.ticket_solved', 'support.conversation_closed'] }, dimensions: ticketDims },
  },
  {
    name: 'median_first_response',
    title: 'Median first response time',
    description: 'Median seconds from a ticket opening to the first public agent reply, by opening time',
    unit: 'seconds',
    aggregation: 'median',
    sensitivity: 'support',
    dimensions: ['source', 'priority'],
    source: { kind: 'state', table: 'tickets', aggregate: 'median', column: 'first_response_seconds', time: 'opened_at' },
  },
  { name: 'csat_ratings', title: 'CSAT ratings', description: 'Satisfaction ratings received', unit: 'count', aggregation: 'sum', sensitivity: 'support', dimensions: ['source'], source: { kind: 'collected', match: { types: ['support.satisfaction_rated'] }, dimensions: dims({ name: 'source', from: 'source' }) } },
  {
    name: 'csat_good',
    title: 'Good CSAT ratings',
    description: 'Ratings of good, 4 or 5',
    unit: 'count',
    aggregation: 'sum',
    sensitivity: 'support',
    dimensions: ['source'],
    source: { kind: 'collected', match: { types: ['support.satisfaction_rated'], where: { path: 'properties.score', in: ['good', 4, 5] } }, dimensions: dims({ name: 'source', from: 'source' }) },
  },
  { name: 'csat', title: 'CSAT', description: 'Good ratings ÷ all ratings', unit: 'ratio', aggregation: 'ratio', sensitivity: 'support', dimensions: ['source'], source: { kind: 'ratio', numerator: { metric: 'csat_good' }, denominator: { metric: 'csat_ratings' } } },
  // customers
  {
    name: 'health_score_distribution',
    title: 'Health score distribution',
    description: 'Customers per health score band (0-100, see README "Health score")',
    unit: 'count',
    aggregation: 'histogram',
    sensitivity: 'customer',
    dimensions: ['plan', 'owner'],
    source: { kind: 'state', table: 'customer_health', aggregate: 'histogram', column: 'score', time: 'updated_at', bins: [0, 20, 40, 60, 80, 101] },
  },
];
