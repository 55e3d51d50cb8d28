import { CSMS, SALES_REPS } from './catalog.ts';
import { accessAt, engagement } from './engagement.ts';
import { addMonths } from './lifecycle.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, type Account, type CrmHappening, type Owner, type Stage } from './model.ts';
import type { Rng } from './random.ts';

/**
 * The CRM's view of an account: a sales rep owns the trial, a customer success manager (CSM) takes over at
 * conversion, the stage moves onboarding → active → (at risk | renewal) → churned, and a health score is
 * recomputed every Monday from usage, recent tickets and failed payments. One CSM leaves mid-year and her
 * customers are handed over on one day.
 */

/** The CSM who leaves (an index into CSMS). */
export const DEPARTING_CSM = 0;
/** When she leaves: days after the company's first day. */
export const DEPARTURE_DAY = 200;

const count = (times: readonly number[], from: number, to: number) => {
  let n = 0;
  for (const t of times) if (t > from && t <= to) n++;
  return n;
};

/** The health score at `t`: 2–99, high when usage is normal and there is little trouble. */
export function healthAt(account: Account, t: number, offset: number, tickets: readonly number[], failedPayments: readonly number[], rng: Rng): number {
  let usage = 0;
  for (let k = 0; k < 7; k++) usage += engagement(account, t - k * DAY_MS) / account.baseEngagement;
  const ratio = Math.min(1.05, usage / 7);
  const trouble = 3.5 * Math.max(0, count(tickets, t - 30 * DAY_MS, t) - 1) + (count(failedPayments, t - 30 * DAY_MS, t) > 0 ? 14 : 0);
  return Math.round(Math.max(2, Math.min(99, 28 + 68 * ratio + offset - trouble + rng.normal(0, 3))));
}

/** Inputs for {@link planCrm}. */
export interface CrmInputs {
  startMs: number;
  endMs: number;
  /** When each of the account's tickets was opened. */
  tickets: readonly number[];
  failedPayments: readonly number[];
}

/** The account's CRM happenings before `endMs`. */
export function planCrm(account: Account, rng: Rng, { startMs, endMs, tickets, failedPayments }: CrmInputs): CrmHappening[] {
  const out: CrmHappening[] = [];
  const emit = (at: number, type: CrmHappening['type'], changes: CrmHappening['changes']) => {
    if (at < endMs) out.push({ kind: 'crm', at, account, seq: out.length, type, changes });
  };
  const departureAt = startMs + DEPARTURE_DAY * DAY_MS + 10 * HOUR_MS;
  const pickCsm = (at: number): Owner => {
    const choices = at >= departureAt ? CSMS.filter((_, i) => i !== DEPARTING_CSM) : CSMS;
    return rng.pick(choices);
  };
  let owner: Owner = rng.pick(SALES_REPS);
  emit(account.signupAt + rng.between(1, 10) * MINUTE_MS, 'created', { owner });

  const { life } = account;
  if (life.convertedAt === undefined) return out;
  const offset = rng.normal(0, 5);
  let stage: Stage | undefined;
  let health: number | undefined;

  for (const window of life.access) {
    const start = window === life.access[0] ? life.convertedAt : window.from;
    owner = pickCsm(start);
    stage = 'onboarding';
    emit(start + rng.between(1, 4) * HOUR_MS, 'changed', { owner, stage });
    const annual = life.terms.find((t) => t.at >= start && t.term)?.term?.interval === 'year';
    const renewals: number[] = [];
    for (let n = 1; annual; n++) {
      const at = addMonths(start, 12 * n);
      if (at >= Math.min(window.to, endMs + 90 * DAY_MS)) break;
      renewals.push(at);
    }
    let handedOver = false;
    // Mondays at 06:00 UTC, from the first after the start until the window closes.
    const firstMonday = Math.ceil((start - 4 * DAY_MS) / (7 * DAY_MS)) * 7 * DAY_MS + 4 * DAY_MS + 6 * HOUR_MS;
    for (let t = firstMonday; t < Math.min(window.to, endMs); t += 7 * DAY_MS) {
      if (!accessAt(account, t)) continue;
      const changes: CrmHappening['changes'] = {};
      if (!handedOver && t >= departureAt && owner === CSMS[DEPARTING_CSM]) {
        owner = pickCsm(t);
        handedOver = true;
        changes.owner = owner;
      }
      const score = healthAt(account, t, offset, tickets, failedPayments, rng);
      if (health === undefined || Math.abs(score - health) >= 4) changes.health = health = score;
      const nextRenewal = renewals.find((r) => r > t);
      const renewing = nextRenewal !== undefined && nextRenewal - t <= 90 * DAY_MS;
      let next: Stage | undefined = stage;
      if (stage === 'onboarding' && t - start >= 45 * DAY_MS) next = 'active';
      if (next === 'at_risk' && score >= 55) next = 'active';
      if (next !== 'at_risk' && next !== 'onboarding' && score < 40) next = 'at_risk';
      if (next === 'active' && renewing) next = 'renewal';
      if (next === 'renewal' && !renewing) next = 'active';
      if (next !== stage) changes.stage = stage = next;
      if (Object.keys(changes).length > 0) emit(t + rng.between(0, 30) * MINUTE_MS, 'changed', changes);
    }
    if (window.to < endMs) emit(window.to + rng.between(1, 3) * HOUR_MS, 'changed', { stage: (stage = 'churned') });
  }
  return out;
}
