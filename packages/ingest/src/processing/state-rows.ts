import type { SqlExecutor } from '@tally/core';

/**
 * Current-state rows as the aggregator handles them in memory: loaded for the keys a batch touches (locked
 * FOR UPDATE), changed event by event, written back with one upsert per table.
 */
export interface CustomerRow {
  tenant: string;
  customerId: string;
  name: string | null;
  email: string | null;
  plan: string | null;
  mrrMinor: number;
  currency: string | null;
  everPaid: boolean;
  billingStatus: 'none' | 'active' | 'past_due' | 'canceled';
  billingStatusAt: number | null;
  owner: string | null;
  stage: string | null;
  crmHealth: number | null;
  crmUpdatedAt: number | null;
  profile: Record<string, unknown>;
  profileUpdatedAt: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
}

export interface SubscriptionRow {
  tenant: string;
  subscriptionId: string;
  customerId: string;
  plan: string | null;
  status: string;
  mrrMinor: number;
  currency: string | null;
  startedAt: number;
  canceledAt: number | null;
  updatedAt: number;
}

export interface InvoiceRow {
  tenant: string;
  invoiceId: string;
  customerId: string;
  subscriptionId: string | null;
  status: 'paid' | 'failed' | 'refunded' | 'open';
  amountMinor: number;
  refundedMinor: number;
  currency: string | null;
  failedAttempts: number;
  paidAt: number | null;
  updatedAt: number;
}

export interface TicketRow {
  tenant: string;
  ticketId: string;
  customerId: string | null;
  source: string;
  status: string;
  priority: string | null;
  channel: string | null;
  subject: string | null;
  openedAt: number;
  firstResponseAt: number | null;
  solvedAt: number | null;
  csat: string | null;
  updatedAt: number;
}

type DbRow = Record<string, unknown>;
const ms = (v: unknown): number | null => (v === null || v === undefined ? null : v instanceof Date ? v.getTime() : Date.parse(String(v)));
const iso = (v: number | null): string | null => (v === null ? null : new Date(v).toISOString());
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v ?? 0);
const json = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : ((v ?? {}) as Record<string, unknown>));

const keysParams = (keys: readonly (readonly [string, string])[]) => [keys.map((k) => k[0]), keys.map((k) => k[1])];
const byKeys = (table: string, column: string) =>
  `SELECT * FROM ${table} WHERE (tenant, ${column}) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY tenant, ${column} FOR UPDATE`;

export async function loadCustomers(tx: SqlExecutor, keys: readonly (readonly [string, string])[]): Promise<CustomerRow[]> {
  if (keys.length === 0) return [];
  const rows = await tx.query(byKeys('customers', 'customer_id'), keysParams(keys));
  return rows.map((r: DbRow) => ({
    tenant: String(r.tenant),
    customerId: String(r.customer_id),
    name: str(r.name),
    email: str(r.email),
    plan: str(r.plan),
    mrrMinor: num(r.mrr_minor),
    currency: str(r.currency),
    everPaid: Boolean(r.ever_paid),
    billingStatus: String(r.billing_status) as CustomerRow['billingStatus'],
    billingStatusAt: ms(r.billing_status_at),
    owner: str(r.owner),
    stage: str(r.stage),
    crmHealth: r.crm_health === null ? null : num(r.crm_health),
    crmUpdatedAt: ms(r.crm_updated_at),
    profile: json(r.profile),
    profileUpdatedAt: ms(r.profile_updated_at),
    firstSeenAt: ms(r.first_seen_at)!,
    lastSeenAt: ms(r.last_seen_at)!,
  }));
}

/** Every subscription of the given customers (a customer's MRR is the sum over them). */
export async function loadSubscriptions(tx: SqlExecutor, customers: readonly (readonly [string, string])[]): Promise<SubscriptionRow[]> {
  if (customers.length === 0) return [];
  const rows = await tx.query(byKeys('subscriptions', 'customer_id').replace('ORDER BY tenant, customer_id', 'ORDER BY tenant, subscription_id'), keysParams(customers));
  return rows.map((r: DbRow) => ({
    tenant: String(r.tenant),
    subscriptionId: String(r.subscription_id),
    customerId: String(r.customer_id),
    plan: str(r.plan),
    status: String(r.status),
    mrrMinor: num(r.mrr_minor),
    currency: str(r.currency),
    startedAt: ms(r.started_at)!,
    canceledAt: ms(r.canceled_at),
    updatedAt: ms(r.updated_at)!,
  }));
}

export async function loadInvoices(tx: SqlExecutor, keys: readonly (readonly [string, string])[]): Promise<InvoiceRow[]> {
  if (keys.length === 0) return [];
  const rows = await tx.query(byKeys('invoices', 'invoice_id'), keysParams(keys));
  return rows.map((r: DbRow) => ({
    tenant: String(r.tenant),
    invoiceId: String(r.invoice_id),
    customerId: String(r.customer_id),
    subscriptionId: str(r.subscription_id),
    status: String(r.status) as InvoiceRow['status'],
    amountMinor: num(r.amount_minor),
    refundedMinor: num(r.refunded_minor),
    currency: str(r.currency),
    failedAttempts: num(r.failed_attempts),
    paidAt: ms(r.paid_at),
    updatedAt: ms(r.updated_at)!,
  }));
}

export async function loadTickets(tx: SqlExecutor, keys: readonly (readonly [string, string])[]): Promise<TicketRow[]> {
  if (keys.length === 0) return [];
  const rows = await tx.query(byKeys('tickets', 'ticket_id'), keysParams(keys));
  return rows.map((r: DbRow) => ({
    tenant: String(r.tenant),
    ticketId: String(r.ticket_id),
    customerId: str(r.customer_id),
    source: String(r.source),
    status: String(r.status),
    priority: str(r.priority),
    channel: str(r.channel),
    subject: str(r.subject),
    openedAt: ms(r.opened_at)!,
    firstResponseAt: ms(r.first_response_at),
    solvedAt: ms(r.solved_at),
    csat: str(r.csat),
    updatedAt: ms(r.updated_at)!,
  }));
}

/** Writes rows back: one `INSERT … ON CONFLICT DO UPDATE` per table with every column from the rows. */
async function upsert<T>(tx: SqlExecutor, table: string, key: readonly string[], columns: readonly [string, string, (row: T) => unknown][], rows: readonly T[]): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([c]) => c);
  // jsonb and boolean travel as text arrays (the postgres client would send a boolean[] as one boolean).
  const asText = (type: string) => type === 'jsonb' || type === 'boolean';
  const arrays = columns.map(([, type], i) => `$${i + 1}::${asText(type) ? 'text' : type}[]`).join(', ');
  const select = columns.map(([, type], i) => (asText(type) ? `c${i}::${type}` : `c${i}`)).join(', ');
  const updates = names.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`).join(', ');
  const sql = `INSERT INTO ${table} (${names.join(', ')})
    SELECT ${select} FROM unnest(${arrays}) AS t(${columns.map((_, i) => `c${i}`).join(', ')})
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates}`;
  await tx.query(sql, columns.map(([, type, get]) => rows.map((r) => {
    const v = get(r);
    return type === 'boolean' && v !== null ? String(v) : v;
  })));
}

export function saveCustomers(tx: SqlExecutor, rows: readonly CustomerRow[]): Promise<void> {
  return upsert<CustomerRow>(tx, 'customers', ['tenant', 'customer_id'], [
    ['tenant', 'text', (r) => r.tenant],
    ['customer_id', 'text', (r) => r.customerId],
    ['name', 'text', (r) => r.name],
    ['email', 'text', (r) => r.email],
    ['plan', 'text', (r) => r.plan],
    ['mrr_minor', 'bigint', (r) => r.mrrMinor],
    ['currency', 'text', (r) => r.currency],
    ['ever_paid', 'boolean', (r) => r.everPaid],
    ['billing_status', 'text', (r) => r.billingStatus],
    ['billing_status_at', 'timestamptz', (r) => iso(r.billingStatusAt)],
    ['owner', 'text', (r) => r.owner],
    ['stage', 'text', (r) => r.stage],
    ['crm_health', 'integer', (r) => r.crmHealth],
    ['crm_updated_at', 'timestamptz', (r) => iso(r.crmUpdatedAt)],
    ['profile', 'jsonb', (r) => JSON.stringify(r.profile)],
    ['profile_updated_at', 'timestamptz', (r) => iso(r.profileUpdatedAt)],
    ['first_seen_at', 'timestamptz', (r) => iso(r.firstSeenAt)],
    ['last_seen_at', 'timestamptz', (r) => iso(r.lastSeenAt)],
  ], rows);
}

export function saveSubscriptions(tx: SqlExecutor, rows: readonly SubscriptionRow[]): Promise<void> {
  return upsert<SubscriptionRow>(tx, 'subscriptions', ['tenant', 'subscription_id'], [
    ['tenant', 'text', (r) => r.tenant],
    ['subscription_id', 'text', (r) => r.subscriptionId],
    ['customer_id', 'text', (r) => r.customerId],
    ['plan', 'text', (r) => r.plan],
    ['status', 'text', (r) => r.status],
    ['mrr_minor', 'bigint', (r) => r.mrrMinor],
    ['currency', 'text', (r) => r.currency],
    ['started_at', 'timestamptz', (r) => iso(r.startedAt)],
    ['canceled_at', 'timestamptz', (r) => iso(r.canceledAt)],
    ['updated_at', 'timestamptz', (r) => iso(r.updatedAt)],
  ], rows);
}

export function saveInvoices(tx: SqlExecutor, rows: readonly InvoiceRow[]): Promise<void> {
  return upsert<InvoiceRow>(tx, 'invoices', ['tenant', 'invoice_id'], [
    ['tenant', 'text', (r) => r.tenant],
    ['invoice_id', 'text', (r) => r.invoiceId],
    ['customer_id', 'text', (r) => r.customerId],
    ['subscription_id', 'text', (r) => r.subscriptionId],
    ['status', 'text', (r) => r.status],
    ['amount_minor', 'bigint', (r) => r.amountMinor],
    ['refunded_minor', 'bigint', (r) => r.refundedMinor],
    ['currency', 'text', (r) => r.currency],
    ['failed_attempts', 'integer', (r) => r.failedAttempts],
    ['paid_at', 'timestamptz', (r) => iso(r.paidAt)],
    ['updated_at', 'timestamptz', (r) => iso(r.updatedAt)],
  ], rows);
}

export function saveTickets(tx: SqlExecutor, rows: readonly TicketRow[]): Promise<void> {
  return upsert<TicketRow>(tx, 'tickets', ['tenant', 'ticket_id'], [
    ['tenant', 'text', (r) => r.tenant],
    ['ticket_id', 'text', (r) => r.ticketId],
    ['customer_id', 'text', (r) => r.customerId],
    ['source', 'text', (r) => r.source],
    ['status', 'text', (r) => r.status],
    ['priority', 'text', (r) => r.priority],
    ['channel', 'text', (r) => r.channel],
    ['subject', 'text', (r) => r.subject],
    ['opened_at', 'timestamptz', (r) => iso(r.openedAt)],
    ['first_response_at', 'timestamptz', (r) => iso(r.firstResponseAt)],
    ['first_response_seconds', 'integer', (r) => (r.firstResponseAt === null ? null : Math.max(0, Math.round((r.firstResponseAt - r.openedAt) / 1000)))],
    ['solved_at', 'timestamptz', (r) => iso(r.solvedAt)],
    ['csat', 'text', (r) => r.csat],
    ['updated_at', 'timestamptz', (r) => iso(r.updatedAt)],
  ], rows);
}
