import type { CanonicalEvent, SqlExecutor } from '@tally/core';
import type { RollupDeltas } from './rollup-deltas.ts';
import {
  loadCustomers, loadInvoices, loadSubscriptions, loadTickets,
  saveCustomers, saveInvoices, saveSubscriptions, saveTickets,
  type CustomerRow, type InvoiceRow, type SubscriptionRow, type TicketRow,
} from './state-rows.ts';

type Key = readonly [string, string];
const SUBSCRIPTION_TYPES = new Set(['billing.subscription_created', 'billing.subscription_updated', 'billing.subscription_canceled']);
const INVOICE_TYPES = new Set(['billing.invoice_paid', 'billing.payment_failed', 'billing.charge_refunded']);
const CLOSED_TICKET = new Set(['solved', 'closed']);

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v.slice(0, 500) : typeof v === 'number' ? String(v) : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

/** The ticket a support event is about, namespaced by source (a Zendesk and an Intercom id may collide). */
function ticketKey(event: CanonicalEvent): string | null {
  const id = text(event.properties.ticketId) ?? text(event.properties.conversationId);
  return id === null ? null : `${event.source}:${id}`;
}

/** What the state step changed, for the steps after it. */
export interface StateResult {
  /** Customers whose state or activity changed, per tenant: their health score is recomputed. */
  customers: Map<string, Set<string>>;
  /** Call after the transaction committed. */
  committed(): void;
}

const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * First and last seen times this process has stored per customer. An event whose only effect on state
 * would be to move `last_seen_at` by less than a minute (most product events) skips the customer row.
 */
export class CustomerSeen {
  readonly #known = new Map<string, { first: number; last: number }>();
  readonly #limit: number;

  constructor(limit = 100_000) {
    this.#limit = limit;
  }

  covers(tenant: string, customerId: string, at: number): boolean {
    const k = this.#known.get(`${tenant}\u0000${customerId}`);
    return k !== undefined && at >= k.first && at <= k.last + LAST_SEEN_RESOLUTION_MS;
  }

  remember(rows: Iterable<CustomerRow>): void {
    if (this.#known.size > this.#limit) this.#known.clear();
    for (const r of rows) this.#known.set(`${r.tenant}\u0000${r.customerId}`, { first: r.firstSeenAt, last: r.lastSeenAt });
  }
}

/** Types whose only effect on current state is the customer's first and last seen times. */
const touchesOnlySeen = (type: string) => type.startsWith('product.') || type.startsWith('identity.user_');

/**
 * The current-state step of the aggregator: customers, subscriptions, invoices and tickets, plus the MRR
 * and paying-customer movements (which need the customer's MRR before each event). Events are applied in
 * event-time order; a field changes only for an event at least as new as the one that last set it, so a
 * late event cannot undo a newer state.
 */
export async function applyState(tx: SqlExecutor, events: readonly CanonicalEvent[], deltas: RollupDeltas, seen: CustomerSeen = new CustomerSeen()): Promise<StateResult> {
  const touched = new Map<string, Set<string>>();
  const ordered: { e: CanonicalEvent; at: number }[] = [];
  for (const e of events) {
    const at = Date.parse(e.occurredAt);
    if (e.customerId !== undefined) {
      let set = touched.get(e.tenant);
      if (!set) touched.set(e.tenant, (set = new Set()));
      set.add(e.customerId);
      if (touchesOnlySeen(e.type) && seen.covers(e.tenant, e.customerId, at)) continue;
    } else if (!e.type.startsWith('support.')) continue;
    ordered.push({ e, at });
  }
  ordered.sort((a, b) => a.at - b.at || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
  const changedCustomers = new Set<CustomerRow>();
  const result: StateResult = { customers: touched, committed: () => seen.remember(changedCustomers) };
  if (ordered.length === 0) return result;

  const customerKeys = new Map<string, Key>();
  const billingCustomers = new Map<string, Key>();
  const invoiceKeys = new Map<string, Key>();
  const ticketKeys = new Map<string, Key>();
  for (const { e } of ordered) {
    if (e.customerId !== undefined) {
      const key: Key = [e.tenant, e.customerId];
      customerKeys.set(key.join('\u0000'), key);
      if (SUBSCRIPTION_TYPES.has(e.type)) billingCustomers.set(key.join('\u0000'), key);
      const invoiceId = text(e.properties.invoiceId);
      if (INVOICE_TYPES.has(e.type) && invoiceId) invoiceKeys.set(`${e.tenant}\u0000${invoiceId}`, [e.tenant, invoiceId]);
    }
    const ticket = e.type.startsWith('support.') ? ticketKey(e) : null;
    if (ticket) ticketKeys.set(`${e.tenant}\u0000${ticket}`, [e.tenant, ticket]);
  }

  const byKey = <T>(rows: T[], key: (r: T) => string) => new Map(rows.map((r) => [key(r), r]));
  const customers = byKey(await loadCustomers(tx, [...customerKeys.values()]), (r) => `${r.tenant}\u0000${r.customerId}`);
  const subscriptions = byKey(await loadSubscriptions(tx, [...billingCustomers.values()]), (r) => `${r.tenant}\u0000${r.subscriptionId}`);
  const invoices = byKey(await loadInvoices(tx, [...invoiceKeys.values()]), (r) => `${r.tenant}\u0000${r.invoiceId}`);
  const tickets = byKey(await loadTickets(tx, [...ticketKeys.values()]), (r) => `${r.tenant}\u0000${r.ticketId}`);
  const changed = { customers: changedCustomers, subscriptions: new Set<SubscriptionRow>(), invoices: new Set<InvoiceRow>(), tickets: new Set<TicketRow>() };

  for (const { e, at } of ordered) {
    let customer: CustomerRow | undefined;
    if (e.customerId !== undefined) {
      const key = `${e.tenant}\u0000${e.customerId}`;
      customer = customers.get(key);
      if (!customer) {
        customer = newCustomer(e.tenant, e.customerId, at);
        customers.set(key, customer);
      }
      customer.firstSeenAt = Math.min(customer.firstSeenAt, at);
      customer.lastSeenAt = Math.max(customer.lastSeenAt, at);
      changed.customers.add(customer);
    }
    if (customer && SUBSCRIPTION_TYPES.has(e.type)) applySubscription(e, at, customer, subscriptions, deltas, changed.subscriptions);
    else if (customer && INVOICE_TYPES.has(e.type)) applyInvoice(e, at, customer, invoices, changed.invoices);
    else if (customer && (e.type === 'billing.customer_created' || e.type === 'billing.customer_updated' || e.type === 'identity.account_identified')) applyProfile(e, at, customer);
    else if (customer && e.type === 'crm.account_updated') applyCrm(e, at, customer);
    else if (e.type.startsWith('support.')) applyTicket(e, at, tickets, changed.tickets);
  }

  await saveCustomers(tx, sorted(changed.customers, (r) => `${r.tenant}\u0000${r.customerId}`));
  await saveSubscriptions(tx, sorted(changed.subscriptions, (r) => `${r.tenant}\u0000${r.subscriptionId}`));
  await saveInvoices(tx, sorted(changed.invoices, (r) => `${r.tenant}\u0000${r.invoiceId}`));
  await saveTickets(tx, sorted(changed.tickets, (r) => `${r.tenant}\u0000${r.ticketId}`));
  return result;
}

function sorted<T>(rows: Set<T>, key: (r: T) => string): T[] {
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

function newCustomer(tenant: string, customerId: string, at: number): CustomerRow {
  return {
    tenant, customerId, name: null, email: null, plan: null, mrrMinor: 0, currency: null, everPaid: false,
    billingStatus: 'none', billingStatusAt: null, owner: null, stage: null, crmHealth: null, crmUpdatedAt: null,
    profile: {}, profileUpdatedAt: null, firstSeenAt: at, lastSeenAt: at,
  };
}

const newer = (at: number, last: number | null) => last === null || at >= last;

function setBilling(customer: CustomerRow, status: CustomerRow['billingStatus'], at: number): void {
  if (!newer(at, customer.billingStatusAt)) return;
  customer.billingStatus = status;
  customer.billingStatusAt = at;
}

/**
 * A subscription's new MRR, and the customer-level movement it makes (README "MRR movements"):
 * 0 → >0 is new (or reactivated when the customer paid before), >0 → 0 churned, otherwise expansion or
 * contraction. An event older than the subscription's last change is superseded and changes nothing.
 */
function applySubscription(e: CanonicalEvent, at: number, customer: CustomerRow, subscriptions: Map<string, SubscriptionRow>, deltas: RollupDeltas, changed: Set<SubscriptionRow>): void {
  const id = text(e.properties.subscriptionId);
  if (id === null) return;
  const key = `${e.tenant}\u0000${id}`;
  let sub = subscriptions.get(key);
  if (sub && at < sub.updatedAt) return;
  const canceled = e.type === 'billing.subscription_canceled';
  const mrr = canceled ? 0 : Math.max(0, int(e.properties.mrrMinor) ?? 0);
  const currency = text(e.properties.currency) ?? sub?.currency ?? customer.currency;
  const previous = sub?.mrrMinor ?? 0;
  if (!sub) {
    sub = { tenant: e.tenant, subscriptionId: id, customerId: customer.customerId, plan: null, status: 'active', mrrMinor: 0, currency, startedAt: at, canceledAt: null, updatedAt: at };
    subscriptions.set(key, sub);
  }
  sub.plan = text(e.properties.plan) ?? sub.plan;
  sub.status = canceled ? 'canceled' : (text(e.properties.status) ?? sub.status);
  sub.mrrMinor = mrr;
  sub.currency = currency;
  sub.canceledAt = canceled ? at : sub.canceledAt;
  sub.updatedAt = at;
  changed.add(sub);

  const before = customer.mrrMinor;
  const after = before + (mrr - previous);
  const delta = after - before;
  customer.mrrMinor = after;
  customer.currency = currency ?? customer.currency;
  const active = [...subscriptions.values()].filter((s) => s.tenant === e.tenant && s.customerId === customer.customerId && s.mrrMinor > 0);
  customer.plan = active.sort((a, b) => b.mrrMinor - a.mrrMinor)[0]?.plan ?? customer.plan;

  if (delta !== 0) {
    const kind = before === 0 ? (customer.everPaid ? 'reactivated' : 'new') : after === 0 ? 'churned' : delta > 0 ? 'expansion' : 'contraction';
    const dims: [string, string][] = [['kind', kind]];
    if (currency) dims.push(['currency', currency]);
    deltas.add(e.tenant, 'mrr_movements', at, dims, delta);
    if (kind === 'new' || kind === 'reactivated') deltas.add(e.tenant, 'customer_movements', at, [['kind', kind]], 1);
    if (kind === 'churned') deltas.add(e.tenant, 'customer_movements', at, [['kind', kind]], -1);
  }
  if (after > 0) {
    customer.everPaid = true;
    setBilling(customer, sub.status === 'past_due' || sub.status === 'unpaid' ? 'past_due' : 'active', at);
  } else if (customer.everPaid) {
    setBilling(customer, 'canceled', at);
  }
}

function applyInvoice(e: CanonicalEvent, at: number, customer: CustomerRow, invoices: Map<string, InvoiceRow>, changed: Set<InvoiceRow>): void {
  if (e.type === 'billing.payment_failed') setBilling(customer, 'past_due', at);
  else if (e.type === 'billing.invoice_paid' && customer.billingStatus !== 'canceled') setBilling(customer, 'active', at);
  const id = text(e.properties.invoiceId);
  if (id === null) return;
  const key = `${e.tenant}\u0000${id}`;
  let invoice = invoices.get(key);
  if (!invoice) {
    invoice = { tenant: e.tenant, invoiceId: id, customerId: customer.customerId, subscriptionId: text(e.properties.subscriptionId), status: 'open', amountMinor: 0, refundedMinor: 0, currency: null, failedAttempts: 0, paidAt: null, updatedAt: at };
    invoices.set(key, invoice);
  }
  const amount = e.revenue?.amountMinor ?? int(e.properties.amountMinor) ?? 0;
  invoice.currency = e.revenue?.currency ?? text(e.properties.currency) ?? invoice.currency;
  if (e.type === 'billing.invoice_paid') {
    invoice.status = invoice.refundedMinor > 0 && invoice.refundedMinor >= amount ? 'refunded' : 'paid';
    invoice.amountMinor = amount;
    invoice.paidAt = at;
  } else if (e.type === 'billing.payment_failed') {
    invoice.failedAttempts += 1;
    if (invoice.status === 'open') invoice.status = 'failed';
    if (invoice.amountMinor === 0) invoice.amountMinor = amount;
  } else {
    invoice.refundedMinor += Math.abs(amount);
    if (invoice.amountMinor > 0 && invoice.refundedMinor >= invoice.amountMinor) invoice.status = 'refunded';
  }
  invoice.updatedAt = Math.max(invoice.updatedAt, at);
  changed.add(invoice);
}

function applyProfile(e: CanonicalEvent, at: number, customer: CustomerRow): void {
  if (!newer(at, customer.profileUpdatedAt)) return;
  const props = e.properties;
  customer.name = text(props.name) ?? text(props.company) ?? customer.name;
  customer.email = text(props.email) ?? customer.email;
  const traits = Object.fromEntries(Object.entries(props).filter(([, v]) => v === null || typeof v !== 'object').slice(0, 50));
  customer.profile = { ...customer.profile, ...traits };
  customer.profileUpdatedAt = at;
}

function applyCrm(e: CanonicalEvent, at: number, customer: CustomerRow): void {
  if (!newer(at, customer.crmUpdatedAt)) return;
  const changes = e.properties.changes;
  if (typeof changes !== 'object' || changes === null) return;
  const c = changes as Record<string, unknown>;
  if ('owner' in c) customer.owner = text(c.owner);
  if ('stage' in c) customer.stage = text(c.stage);
  const health = typeof c.healthScore === 'number' ? c.healthScore : typeof c.healthScore === 'string' ? Number(c.healthScore) : Number.NaN;
  if (Number.isFinite(health) && health >= 0 && health <= 100) customer.crmHealth = Math.round(health);
  if (customer.name === null && 'name' in c) customer.name = text(c.name);
  customer.crmUpdatedAt = at;
}

/** Tickets and conversations: opened, status, first agent response, solved, satisfaction. */
function applyTicket(e: CanonicalEvent, at: number, tickets: Map<string, TicketRow>, changed: Set<TicketRow>): void {
  const id = ticketKey(e);
  if (id === null) return;
  const key = `${e.tenant}\u0000${id}`;
  let ticket = tickets.get(key);
  if (!ticket) {
    ticket = { tenant: e.tenant, ticketId: id, customerId: e.customerId ?? null, source: e.source, status: 'open', priority: null, channel: null, subject: null, openedAt: at, firstResponseAt: null, solvedAt: null, csat: null, updatedAt: at };
    tickets.set(key, ticket);
  }
  const p = e.properties;
  ticket.customerId ??= e.customerId ?? null;
  ticket.priority = text(p.priority) ?? ticket.priority;
  ticket.channel = text(p.channel) ?? ticket.channel;
  ticket.subject = text(p.subject) ?? ticket.subject;
  const isLatest = at >= ticket.updatedAt;
  switch (e.type) {
    case 'support.ticket_opened':
    case 'support.conversation_opened':
      ticket.openedAt = Math.min(ticket.openedAt, at);
      if (isLatest && !CLOSED_TICKET.has(ticket.status)) ticket.status = text(p.status) ?? 'open';
      break;
    case 'support.ticket_solved':
    case 'support.conversation_closed':
      ticket.solvedAt = Math.max(ticket.solvedAt ?? at, at);
      if (isLatest) ticket.status = e.type === 'support.ticket_solved' ? 'solved' : 'closed';
      break;
    case 'support.satisfaction_rated':
      ticket.csat = text(p.score) ?? ticket.csat;
      break;
    default: {
      const agentReply = (e.type === 'support.ticket_updated' && p.commentAuthorRole === 'agent') || (e.type === 'support.conversation_replied' && p.author === 'admin');
      if (agentReply && at >= ticket.openedAt && (ticket.firstResponseAt === null || at < ticket.firstResponseAt)) ticket.firstResponseAt = at;
      const status = text(p.status);
      if (isLatest && status) {
        ticket.status = status;
        if (CLOSED_TICKET.has(status)) ticket.solvedAt ??= at;
      } else if (isLatest && e.type === 'support.conversation_replied' && CLOSED_TICKET.has(ticket.status) && p.author === 'user') {
        ticket.status = 'open';
      }
    }
  }
  ticket.updatedAt = Math.max(ticket.updatedAt, at);
  changed.add(ticket);
}
