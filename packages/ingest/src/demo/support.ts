import { AGENTS, TICKET_TOPICS } from './catalog.ts';
import { accessAt, risk } from './engagement.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, type Account, type Ticket, type TicketStep } from './model.ts';
import type { Rng } from './random.ts';

/**
 * Support tickets: a steady trickle that grows with the account's size, more while onboarding, a billing
 * question after a failed payment, and several times more when usage falls (which is what makes tickets a
 * leading indicator of churn).
 */

const BILLING_TOPIC = TICKET_TOPICS.findIndex((t) => t.topic === 'billing');

/** A time in the account's working hours on the UTC day starting at `dayStart`. */
export function workingTime(account: Account, dayStart: number, rng: Rng): number {
  const localHour = rng.between(8.5, 18) + (rng.chance(0.15) ? rng.between(-3, 4) : 0);
  const utcHour = (((localHour - account.utcOffset) % 24) + 24) % 24;
  return dayStart + Math.floor(utcHour * HOUR_MS);
}

/** The steps of a ticket opened at `openedAt`, and its rating if the requester gives one. */
function plan(openedAt: number, riskAtOpen: number, rng: Rng): Pick<Ticket, 'steps' | 'rating'> {
  const steps: { step: TicketStep; at: number }[] = [{ step: 'opened', at: openedAt }];
  let t = openedAt + rng.between(3, 90) * MINUTE_MS;
  steps.push({ step: 'assigned', at: t });
  t += rng.between(10, 360) * MINUTE_MS;
  steps.push({ step: 'agent_replied', at: t });
  if (rng.chance(0.55)) {
    t += rng.between(1, 20) * HOUR_MS;
    steps.push({ step: 'user_replied', at: t });
    t += rng.between(0.5, 6) * HOUR_MS;
    steps.push({ step: 'agent_replied', at: t });
  }
  t += rng.between(0.5, 30) * HOUR_MS;
  steps.push({ step: 'solved', at: t });
  if (!rng.chance(0.35)) return { steps };
  steps.push({ step: 'rated', at: t + rng.between(1, 36) * HOUR_MS });
  const good = rng.chance(0.9 - 0.5 * riskAtOpen);
  return { steps, rating: { good, score: good ? rng.int(4, 5) : rng.int(1, 3) } };
}

const floorSteps = (steps: Ticket['steps']) => steps.map((s) => ({ step: s.step, at: Math.floor(s.at) }));

/**
 * Plans the account's tickets opened before `endMs` (numbers are assigned later, company-wide). A ticket
 * opened shortly before the end may have steps after it; those are simply not sent.
 */
export function planTickets(account: Account, rng: Rng, endMs: number, failedPayments: readonly number[]): Omit<Ticket, 'number'>[] {
  const tickets: Omit<Ticket, 'number'>[] = [];
  const channel = (): Ticket['channel'] => (account.vendors.support === 'intercom' ? 'chat' : rng.chance(0.6) ? 'web' : 'email');
  const open = (openedAt: number, topic: number) => {
    const joined = account.users.filter((u) => u.joinedAt <= openedAt);
    if (joined.length === 0) return;
    // Admins write in more often than anyone else.
    const requester = joined[rng.weightedIndex(joined.map((u) => (u.role === 'admin' ? 4 : 1)))]!;
    const { steps, rating } = plan(openedAt, risk(account, openedAt), rng);
    tickets.push({ account, seq: tickets.length, requester, agent: rng.int(0, AGENTS.length - 1), topic, openedAt: Math.floor(openedAt), channel: channel(), steps: floorSteps(steps), ...(rating ? { rating } : {}) });
  };

  const firstDay = Math.floor(account.signupAt / DAY_MS);
  const lastDay = Math.floor((endMs - 1) / DAY_MS);
  let joined = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const dayStart = day * DAY_MS;
    const noon = dayStart + 12 * HOUR_MS;
    if (!accessAt(account, noon)) continue;
    while (joined < account.users.length && account.users[joined]!.joinedAt <= noon) joined++;
    const paying = account.life.terms.findLast((t) => t.at <= noon)?.term != null;
    const converted = account.life.convertedAt;
    const onboarding = converted !== undefined && noon >= converted && noon < converted + 21 * DAY_MS;
    const weekend = new Date(dayStart).getUTCDay() % 6 === 0;
    const rate = 0.016 * (1 + joined) ** 0.45 * (paying ? 1 : 0.5) * (1 + 4 * risk(account, noon)) * (onboarding ? 1.5 : 1) * (weekend ? 0.25 : 1);
    for (let n = rng.poisson(rate); n > 0; n--) {
      const at = workingTime(account, dayStart, rng);
      if (at >= account.signupAt && at < endMs && accessAt(account, at)) open(at, rng.weightedIndex(TICKET_TOPICS.map((t) => (t.topic === 'billing' ? 0.4 : 1))));
    }
  }
  for (const failed of failedPayments) {
    const at = failed + rng.between(2, 30) * HOUR_MS;
    if (at < endMs && rng.chance(0.35)) open(at, BILLING_TOPIC);
  }
  return tickets.sort((a, b) => a.openedAt - b.openedAt).map((t, seq) => ({ ...t, seq }));
}
