import { PLAN_RANK, PLANS, type Interval, type PlanId } from './catalog.ts';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  type Account,
  type BillingHappening,
  type InvoiceState,
  type Life,
  type Segment,
  type SubscriptionState,
  type Term,
} from './model.ts';
import type { Rng } from './random.ts';

/**
 * One account's commercial life, simulated period by period: a free trial that converts or lapses, a
 * subscription billed monthly or yearly, payments that fail and are retried (dunning), refunds, upgrades,
 * downgrades, voluntary and involuntary churn, and sometimes a comeback. The rates are per month.
 */

const CONVERSION: Record<Segment, number> = { smb: 0.4, mid: 0.5, enterprise: 0.72 };
const TRIAL_DAYS: Record<Segment, number> = { smb: 14, mid: 14, enterprise: 30 };
const ANNUAL_SHARE: Record<PlanId, number> = { starter: 0.2, growth: 0.35, enterprise: 0.8 };
const MONTHLY_CHURN: Record<PlanId, number> = { starter: 0.06, growth: 0.035, enterprise: 0.012 };
const FIRST_ATTEMPT_FAILS: Record<PlanId, number> = { starter: 0.07, growth: 0.05, enterprise: 0.03 };
/** Smart-retry schedule: days after the previous attempt, and the chance each retry succeeds. */
const RETRIES = [
  { days: 3, succeeds: 0.45 },
  { days: 5, succeeds: 0.4 },
  { days: 7, succeeds: 0.3 },
];
const REFUND_RATE = 0.018;
const MONTHLY_MOVES: Record<PlanId, { to: PlanId; rate: number }[]> = {
  starter: [{ to: 'growth', rate: 0.035 }],
  growth: [
    { to: 'enterprise', rate: 0.006 },
    { to: 'starter', rate: 0.03 },
  ],
  enterprise: [{ to: 'growth', rate: 0.008 }],
};
const COMEBACK: Record<'voluntary' | 'involuntary', number> = { voluntary: 0.12, involuntary: 0.3 };

/** `t` plus whole months, keeping the day of month where it exists (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(t: number, months: number): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

const periodEndOf = (start: number, interval: Interval) => addMonths(start, interval === 'year' ? 12 : 1);

/** The price of a plan for an account, per interval. */
export function termFor(plan: PlanId, interval: Interval, enterpriseMonthlyMinor: number): Term {
  const amountMinor =
    plan === 'enterprise' ? enterpriseMonthlyMinor * (interval === 'year' ? 12 : 1) : interval === 'year' ? PLANS[plan].annualMinor : PLANS[plan].monthlyMinor;
  return { plan, interval, amountMinor };
}

function firstPlan(segment: Segment, rng: Rng): PlanId {
  if (segment === 'enterprise') return 'enterprise';
  if (segment === 'mid') return rng.chance(0.82) ? 'growth' : 'starter';
  return rng.chance(0.88) ? 'starter' : 'growth';
}

/** What the simulation produces: the life, and the billing happenings before `endMs`. */
export interface SimulatedLife {
  life: Life;
  billing: BillingHappening[];
}

/**
 * Simulates an account's life up to `horizonMs` (past the demo's end, so that a cancellation about to
 * happen already shows as falling usage). Only billing happenings before `endMs` are kept.
 */
export function simulateLife(account: Account, rng: Rng, endMs: number, horizonMs: number): SimulatedLife {
  const { segment, signupAt } = account;
  const life: Life = { trialEndsAt: signupAt + TRIAL_DAYS[segment] * DAY_MS, access: [], terms: [], declines: [], churns: [] };
  const billing: BillingHappening[] = [];
  let seq = 0;
  let invoices = 0;
  let subs = 0;
  const emit = (h: DistributiveOmit<BillingHappening, 'seq' | 'account' | 'kind'>) => {
    if (h.at < endMs) billing.push({ ...h, seq: seq++, account, kind: 'billing' } as BillingHappening);
  };

  if (!rng.chance(CONVERSION[segment])) {
    life.access.push({ from: signupAt, to: life.trialEndsAt });
    return { life, billing };
  }
  const convertAt = segment === 'enterprise' ? signupAt + rng.between(18, 30) * DAY_MS : signupAt + rng.between(4, 14) * DAY_MS;
  life.convertedAt = convertAt;
  emit({ type: 'customer_created', at: convertAt });

  /** Charges an invoice, retrying a failed payment on the smart-retry schedule: `paidAt`, unless dunning gave up (at `failedAt`). */
  const charge = (sub: SubscriptionState, at: number, amountMinor: number, reason: InvoiceState['reason']): { paidAt?: number; failedAt: number } => {
    const invoice: InvoiceState = { seq: invoices++, subSeq: sub.seq, createdAt: at, amountMinor, reason, periodStart: sub.periodStart, periodEnd: sub.periodEnd, attempt: 1, status: 'open' };
    const paid = (t: number) => {
      const done = { ...invoice, status: 'paid' as const, nextAttemptAt: undefined };
      emit({ type: 'invoice_paid', at: t, sub: { ...sub }, invoice: done });
      if (rng.chance(REFUND_RATE)) {
        const full = rng.chance(0.6);
        const refundedMinor = full ? amountMinor : Math.round((amountMinor * rng.between(0.2, 0.5)) / 100) * 100;
        emit({ type: 'charge_refunded', at: t + rng.between(1, 10) * DAY_MS, invoice: done, refundedMinor, previousRefundedMinor: 0 });
      }
      return { paidAt: t, failedAt: t };
    };
    if (reason === 'subscription_update' || !rng.chance(FIRST_ATTEMPT_FAILS[sub.term.plan])) return paid(at + rng.between(1, 30) * 1000);

    let t = at + rng.between(1, 30) * 1000;
    emit({ type: 'payment_failed', at: t, sub: { ...sub }, invoice: { ...invoice, nextAttemptAt: t + RETRIES[0]!.days * DAY_MS } });
    emit({ type: 'subscription_updated', at: t + 2000, sub: { ...sub, status: 'past_due' }, previous: { status: 'active' }, reason: 'past_due' });
    for (let i = 0; i < RETRIES.length; i++) {
      t += RETRIES[i]!.days * DAY_MS;
      invoice.attempt = i + 2;
      if (rng.chance(RETRIES[i]!.succeeds)) {
        const result = paid(t);
        emit({ type: 'subscription_updated', at: t + 2000, sub: { ...sub }, previous: { status: 'past_due' }, reason: 'recovered' });
        return result;
      }
      const next = RETRIES[i + 1];
      emit({ type: 'payment_failed', at: t, sub: { ...sub, status: 'past_due' }, invoice: { ...invoice, nextAttemptAt: next ? t + next.days * DAY_MS : undefined } });
    }
    return { failedAt: t + HOUR_MS };
  };

  /** One subscription from `start` until it ends; returns when and how it ended, or undefined if it outlives the horizon. */
  const subscribe = (start: number, term: Term, comeback: boolean): { at: number; kind: 'voluntary' | 'involuntary' } | undefined => {
    const sub: SubscriptionState = { seq: subs++, createdAt: start, term, periodStart: start, periodEnd: periodEndOf(start, term.interval), status: 'active', cancelAtPeriodEnd: false };
    life.terms.push({ at: start, term });
    emit({ type: 'subscription_created', at: start, sub: { ...sub } });
    let reason: InvoiceState['reason'] = 'subscription_create';
    for (let periodStart = start; periodStart < horizonMs; ) {
      if (reason === 'subscription_cycle') {
        const previous = { periodStart: sub.periodStart, periodEnd: sub.periodEnd };
        sub.periodStart = periodStart;
        sub.periodEnd = periodEndOf(periodStart, sub.term.interval);
        emit({ type: 'subscription_updated', at: periodStart, sub: { ...sub }, previous, reason: 'renewal' });
      }
      const length = sub.periodEnd - sub.periodStart;
      const result = charge(sub, periodStart + 1000, sub.term.amountMinor, reason);
      if (result.paidAt === undefined) {
        const at = result.failedAt;
        emit({ type: 'subscription_canceled', at, sub: { ...sub, status: 'canceled', canceledAt: at }, reason: 'involuntary' });
        return { at, kind: 'involuntary' };
      }
      reason = 'subscription_cycle';
      const months = sub.term.interval === 'year' ? 12 : 1;
      const monthlyChurn = MONTHLY_CHURN[sub.term.plan] * (comeback ? 1.4 : 1);
      const churnChance = months === 1 ? monthlyChurn : 1 - (1 - monthlyChurn * 0.6) ** 12;
      // Monthly customers do not leave in their first month; yearly ones decide before each renewal.
      const mayLeave = months === 12 || periodStart > start + 20 * DAY_MS;
      if (mayLeave && rng.chance(churnChance)) {
        const decidedAt = months === 1 ? sub.periodStart + length * rng.between(0.3, 0.9) : sub.periodEnd - rng.between(10, 45) * DAY_MS;
        const from = Math.max(start + 7 * DAY_MS, decidedAt - rng.between(25, 50) * DAY_MS);
        emit({ type: 'subscription_updated', at: decidedAt, sub: { ...sub, cancelAtPeriodEnd: true }, previous: { cancelAtPeriodEnd: false }, reason: 'cancel_scheduled' });
        const at = sub.periodEnd;
        emit({ type: 'subscription_canceled', at, sub: { ...sub, cancelAtPeriodEnd: true, status: 'canceled', canceledAt: decidedAt }, reason: 'voluntary' });
        life.declines.push({ from, decidedAt, to: at });
        return { at, kind: 'voluntary' };
      }
      const move = MONTHLY_MOVES[sub.term.plan].find((m) => (m.to !== 'enterprise' || account.segment !== 'smb') && rng.chance(1 - (1 - m.rate) ** months));
      if (move) {
        const next = termFor(move.to, sub.term.interval, account.enterpriseMonthlyMinor);
        const previous = { term: sub.term };
        if (PLAN_RANK[move.to] > PLAN_RANK[sub.term.plan]) {
          // Upgrades apply at once, with a prorated invoice for the rest of the period.
          const at = sub.periodStart + length * rng.between(0.1, 0.9);
          sub.term = next;
          life.terms.push({ at, term: next });
          emit({ type: 'subscription_updated', at, sub: { ...sub }, previous, reason: 'upgrade' });
          const prorated = Math.round(((next.amountMinor - previous.term.amountMinor) * (sub.periodEnd - at)) / length);
          if (prorated > 0) charge(sub, at + 1000, prorated, 'subscription_update');
        } else {
          // Downgrades take effect at the renewal.
          const at = sub.periodEnd - MINUTE_MS;
          sub.term = next;
          life.terms.push({ at, term: next });
          emit({ type: 'subscription_updated', at, sub: { ...sub }, previous, reason: 'downgrade' });
        }
      }
      periodStart = sub.periodEnd;
    }
    return undefined;
  };

  let from = signupAt;
  let start = convertAt;
  let term = termFor(firstPlan(segment, rng), 'month', account.enterpriseMonthlyMinor);
  term = termFor(term.plan, rng.chance(ANNUAL_SHARE[term.plan]) ? 'year' : 'month', account.enterpriseMonthlyMinor);
  for (let comebacks = 0; ; comebacks++) {
    const end = subscribe(start, term, comebacks > 0);
    if (!end) {
      life.access.push({ from, to: Infinity });
      break;
    }
    life.access.push({ from, to: end.at });
    life.terms.push({ at: end.at, term: null });
    life.churns.push(end);
    const back = end.at + rng.between(20, 120) * DAY_MS;
    if (comebacks >= 1 || back >= horizonMs || !rng.chance(COMEBACK[end.kind])) break;
    from = start = back;
    const last = life.terms.findLast((t) => t.term !== null)!.term!;
    term = termFor(last.plan === 'enterprise' ? 'growth' : last.plan, 'month', account.enterpriseMonthlyMinor);
  }
  return { life, billing };
}

/** `Omit` applied to each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
