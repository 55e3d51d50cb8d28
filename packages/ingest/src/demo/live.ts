import { STREAM, type Company } from './company.ts';
import { AGENTS, PAGES, TICKET_TOPICS } from './catalog.ts';
import { accessAt, engagement, risk } from './engagement.ts';
import { happeningRequests, productRequests } from './formats/encode.ts';
import type { EncodeContext, Outgoing } from './formats/outgoing.ts';
import type { Account, DemoVendor, Happening, ProductEvent, Ticket, TicketStep, User } from './model.ts';
import { derive, type Rng } from './random.ts';
import { sleep, type Sender } from './sender.ts';

/**
 * The live stream after the backfill: product usage "now" at a steady rate, picked in proportion to who is
 * active (engaged accounts, keen users), a support ticket now and then (more from accounts at risk, answered
 * and solved within minutes so the demo shows them move), and an occasional health score update.
 */

/** Options for {@link runLive}. */
export interface LiveOptions {
  company: Company;
  ctx: EncodeContext;
  vendors: ReadonlySet<DemoVendor>;
  sender: Sender;
  /** Events per second. */
  rate: number;
  signal?: AbortSignal;
  now: () => number;
  /** Called about once a second with the events sent so far and the recent rate. */
  onTick?: (events: number, eventsPerSecond: number) => void;
  /** How long between batches. @default 250 */
  tickMs?: number;
}

const TICKET_STEPS: { step: TicketStep; afterMs: number }[] = [
  { step: 'opened', afterMs: 0 },
  { step: 'assigned', afterMs: 20_000 },
  { step: 'agent_replied', afterMs: 60_000 },
  { step: 'solved', afterMs: 240_000 },
];

/** Cumulative weights for picking by binary search. */
class Picker<T> {
  readonly #items: T[] = [];
  readonly #cumulative: number[] = [];
  #total = 0;

  add(item: T, weight: number): void {
    if (weight <= 0) return;
    this.#total += weight;
    this.#items.push(item);
    this.#cumulative.push(this.#total);
  }

  get size(): number {
    return this.#items.length;
  }

  pick(rng: Rng): T {
    const r = rng.next() * this.#total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return this.#items[lo]!;
  }
}

/** Streams live events until `signal` aborts; resolves with how many items were sent. */
export async function runLive({ company, ctx, vendors, sender, rate, signal, now, onTick, tickMs = 250 }: LiveOptions): Promise<number> {
  const start = now();
  const rng = derive(company.seed, STREAM.live, Math.floor(start / 1000));
  const users = new Picker<{ account: Account; user: User }>();
  const accounts = new Picker<Account>();
  for (const account of company.accounts) {
    if (!accessAt(account, start)) continue;
    const level = Math.max(0.05, engagement(account, start));
    for (const user of account.users) if (user.joinedAt <= start) users.add({ account, user }, user.propensity * level);
    accounts.add(account, (1 + account.users.length) ** 0.45 * (1 + 4 * risk(account, start)));
  }
  if (users.size === 0) return 0;

  let counter = 0;
  let ticketCount = 0;
  let sent = 0;
  let carry = 0;
  let last = start;
  let reportedAt = start;
  let reportedEvents = 0;
  const tickets: { ticket: Ticket; next: number }[] = [];

  const pending: Happening[] = [];
  while (!signal?.aborted) {
    const t = now();
    const due = carry + (rate * (t - last)) / 1000;
    const n = Math.floor(due);
    carry = due - n;
    const events: ProductEvent[] = [];
    for (let i = 0; i < n; i++) {
      const { account, user } = users.pick(rng);
      const at = Math.floor(last + ((t - last) * (i + 1)) / (n + 1));
      const feature = account.features.length > 0 && rng.chance(0.7) ? account.features[rng.weightedIndex(account.features.map((f) => f.weight))]!.feature : undefined;
      const page = PAGES[rng.int(0, PAGES.length - 1)]!;
      events.push({ at, account, user, kind: feature ? 'feature' : 'page', name: feature ? feature.name : page.name, path: feature ? feature.path : page.path, counter: counter++ });
    }

    // Support: about one new ticket for every 250 events, each moving through its steps within minutes.
    if (accounts.size > 0 && rng.chance(Math.min(1, n / 250))) {
      const account = accounts.pick(rng);
      const requester = account.users.find((u) => u.joinedAt <= t) ?? account.users[0];
      if (requester) {
        const seq = ticketCount++;
        const number = 900_000_000 + (Math.floor(t / 1000) % 10_000_000) * 10 + (seq % 10);
        const steps = TICKET_STEPS.map((s) => ({ step: s.step, at: t + s.afterMs }));
        const ticket: Ticket = { account, seq, number, requester, agent: rng.int(0, AGENTS.length - 1), topic: rng.int(0, TICKET_TOPICS.length - 1), openedAt: t, channel: account.vendors.support === 'intercom' ? 'chat' : 'web', steps };
        tickets.push({ ticket, next: 0 });
      }
    }
    for (const entry of tickets) {
      while (entry.next < entry.ticket.steps.length && entry.ticket.steps[entry.next]!.at <= t) {
        const { step, at } = entry.ticket.steps[entry.next]!;
        pending.push({ kind: 'support', at, account: entry.ticket.account, seq: 1_000_000 + entry.ticket.seq * 8 + entry.next, ticket: entry.ticket, step, stepIndex: entry.next });
        entry.next++;
      }
    }
    for (let i = tickets.length - 1; i >= 0; i--) if (tickets[i]!.next >= tickets[i]!.ticket.steps.length) tickets.splice(i, 1);

    // CRM: a health score moves about every 500 events.
    if (accounts.size > 0 && rng.chance(Math.min(1, n / 500))) {
      const account = accounts.pick(rng);
      if (account.life.convertedAt !== undefined && account.life.convertedAt < t) {
        const health = Math.round(Math.max(2, Math.min(99, 95 - 70 * risk(account, t) + rng.normal(0, 6))));
        // Live sequence numbers sit above the backfill's and follow the clock, so restarts do not reuse them.
        pending.push({ kind: 'crm', at: t, account, seq: 600_000 + (Math.floor(t / 1000) % 600_000), type: 'changed', changes: { health } });
      }
    }

    const requests: Outgoing[] = [...happeningRequests(pending.splice(0), ctx, vendors), ...productRequests(events, ctx, vendors)];
    sent += requests.reduce((sum, r) => sum + r.items, 0);
    const results = await Promise.allSettled(requests.map((r) => sender.send(r)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      // Stopped while a request waited to retry: done. Anything else (ingest gone for good) is the caller's.
      if ((failed.reason as Error | undefined)?.name === 'AbortError') break;
      throw failed.reason;
    }
    last = t;
    if (t - reportedAt >= 1000) {
      onTick?.(sent, ((sent - reportedEvents) * 1000) / (t - reportedAt));
      reportedAt = t;
      reportedEvents = sent;
    }
    await sleep(tickMs, signal).catch(() => {});
  }
  return sent;
}
