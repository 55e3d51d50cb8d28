import { FEATURES, FIRST_NAMES, INDUSTRIES, LAST_NAMES, NAME_HEADS, NAME_TAILS, REGIONS } from './catalog.ts';
import { planCrm } from './crm.ts';
import { simulateLife } from './lifecycle.ts';
import { DAY_MS, type Account, type AdoptedFeature, type Happening, type Segment, type Ticket, type User } from './model.ts';
import { derive, hashString, mix, type Rng } from './random.ts';
import { planTickets, workingTime } from './support.ts';

/**
 * The demo company ("Northwind Metrics", a B2B analytics product) and its customers, built once from the
 * seed: about 500 accounts and 20,000 people at scale 1, signing up over the year before the demo's anchor
 * time, with every non-product happening (billing, CRM, support) planned and filed by day. Product usage is
 * not stored: `activity.ts` generates it day by day.
 */

/** Independent random streams, one per concern, so that changing one does not reshuffle the others. */
export const STREAM = { accounts: 1, life: 2, users: 3, features: 4, tickets: 5, crm: 6, usage: 7, live: 8, dip: 9 } as const;

/** How many days of history the company has: it opened for business this long before the anchor. */
export const HISTORY_DAYS = 365;

/** Options for {@link buildCompany}. */
export interface CompanyOptions {
  /** Any 32-bit integer; the same seed gives the same company. */
  seed: number;
  /** Multiplies the number of accounts (and so users and activity). @default 1 */
  scale?: number;
  /** The anchor: the company's history ends here (the demo run's first start). */
  endMs: number;
}

/** The demo company, with its history planned up to `endMs`. */
export interface Company {
  seed: number;
  scale: number;
  /** Midnight UTC of the first day of history. */
  startMs: number;
  endMs: number;
  /** First and last day of history, as days since the Unix epoch (the last is partial, up to `endMs`). */
  firstDay: number;
  lastDay: number;
  accounts: Account[];
  /** 24-bit salts that keep each family of ids distinct and seed-specific. */
  salts: { product: number; billing: number; crm: number; support: number; live: number };
  /** The billing, CRM and support happenings of a day (days since the epoch), in time order. */
  happeningsOn(day: number): readonly Happening[];
}

const SEGMENTS: readonly Segment[] = ['smb', 'mid', 'enterprise'];

/** Signup time: more signups as the company grows (density rising from 0.6 to 1.4 across the year). */
function signupTime(startMs: number, endMs: number, rng: Rng): number {
  const u = rng.next();
  const x = (-0.6 + Math.sqrt(0.36 + 1.6 * u)) / 0.8;
  let day = Math.floor((startMs + x * (endMs - startMs - DAY_MS)) / DAY_MS);
  // Few people start a trial at the weekend.
  const weekday = new Date(day * DAY_MS).getUTCDay();
  if ((weekday === 0 || weekday === 6) && rng.chance(0.7)) day += weekday === 6 ? 2 : 1;
  return day * DAY_MS;
}

function makeUsers(account: Account, rng: Rng): User[] {
  const { life, segment, signupAt } = account;
  const trialSpan = life.trialEndsAt - signupAt;
  let target: number;
  if (life.convertedAt === undefined) target = rng.int(1, 5);
  else if (segment === 'smb') target = rng.int(3, 14);
  else if (segment === 'mid') target = rng.int(15, 90);
  else target = Math.round(Math.min(900, Math.max(60, Math.exp(rng.normal(Math.log(240), 0.5)))));
  const inTrial = Math.min(target, rng.int(2, 5));
  const users: Omit<User, 'index' | 'id'>[] = [];
  for (let i = 0; i < target; i++) {
    const joinedAt =
      i === 0 ? signupAt + 60_000 : i < inTrial ? signupAt + rng.between(0, 0.6) * trialSpan : life.convertedAt! + rng.exponential(25 * DAY_MS);
    if (!life.access.some((w) => joinedAt >= w.from && joinedAt < w.to)) continue;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const role = i === 0 || rng.chance(0.06) ? 'admin' : rng.chance(0.78) ? 'member' : 'viewer';
    const propensity = role === 'admin' ? 0.7 : role === 'viewer' ? 0.12 : rng.pick([0.85, 0.5, 0.5, 0.5, 0.18, 0.18]);
    users.push({ name: `${first} ${last}`, email: `${first}.${last}${i}@${account.domain}`.toLowerCase(), role, propensity, joinedAt: Math.floor(joinedAt) });
  }
  users.sort((a, b) => a.joinedAt - b.joinedAt);
  return users.map((u, index) => ({ ...u, index, id: `${account.id}${String(index).padStart(4, '0')}` }));
}

function adoptFeatures(account: Account, rng: Rng): AdoptedFeature[] {
  const boost = account.segment === 'enterprise' ? 1.3 : account.segment === 'mid' ? 1.1 : 1;
  return FEATURES.flatMap((feature) => {
    if (!rng.chance(Math.min(0.99, feature.adoption * boost))) return [];
    const adoptedAt = account.signupAt + (feature.adoption > 0.75 ? 0 : rng.exponential(30 * DAY_MS));
    return [{ feature, adoptedAt, weight: feature.weight * rng.between(0.5, 1.5) }];
  });
}

/** Builds the company for a seed, scale and anchor. Pure: the same inputs give the same company. */
export function buildCompany({ seed, scale = 1, endMs }: CompanyOptions): Company {
  const lastDay = Math.floor((endMs - 1) / DAY_MS);
  const firstDay = lastDay - HISTORY_DAYS + 1;
  const startMs = firstDay * DAY_MS;
  const horizonMs = endMs + 120 * DAY_MS;
  const count = Math.max(1, Math.round(500 * scale));

  // Draw signups first, then number accounts in signup order (the first customer has the lowest id).
  const drafts = Array.from({ length: count }, (_, i) => {
    const rng = derive(seed, STREAM.accounts, i);
    const segment = SEGMENTS[rng.weightedIndex([55, 33, 12])]!;
    const day = signupTime(startMs, endMs, rng);
    return { i, segment, day, rng };
  }).sort((a, b) => a.day - b.day || a.i - b.i);
  const names = NAME_HEADS.flatMap((h) => NAME_TAILS.map((t) => `${h} ${t}`));
  const nameOffset = mix(seed, 11) % names.length;

  const accounts: Account[] = drafts.map(({ segment, day, rng }, index) => {
    const region = REGIONS[rng.weightedIndex(REGIONS.map((r) => r.weight))]!;
    const base = names[(nameOffset + index * 389) % names.length]!;
    const round = Math.floor(index / names.length);
    const name = round > 0 ? `${base} ${round + 1}` : base;
    const account: Account = {
      index,
      id: String(4_100_001 + index),
      name,
      domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '')}.example`,
      industry: rng.pick(INDUSTRIES),
      employees: segment === 'smb' ? rng.int(5, 50) : segment === 'mid' ? rng.int(50, 500) : rng.int(500, 20_000),
      country: region.country,
      utcOffset: region.utcOffset,
      segment,
      vendors: {
        product: (['tally', 'posthog', 'amplitude', 'mixpanel'] as const)[rng.weightedIndex([64, 12, 12, 12])]!,
        billing: segment !== 'enterprise' && rng.chance(0.08) ? 'chargebee' : 'stripe',
        crm: segment === 'enterprise' ? 'salesforce' : 'hubspot',
        support: rng.chance(0.35) ? 'intercom' : 'zendesk',
      },
      signupAt: 0,
      baseEngagement: rng.between(0.6, 1.25),
      enterpriseMonthlyMinor: Math.round(rng.between(1_500, 5_000) / 50) * 50 * 100,
      features: [],
      users: [],
      life: { trialEndsAt: 0, access: [], terms: [], declines: [], churns: [] },
    };
    account.signupAt = workingTime(account, day, rng);
    return account;
  });

  const buckets = new Map<number, Happening[]>();
  const file = (h: Happening) => {
    h.at = Math.floor(h.at);
    const day = Math.floor(h.at / DAY_MS);
    const list = buckets.get(day);
    if (list) list.push(h);
    else buckets.set(day, [h]);
  };
  const tickets: Omit<Ticket, 'number'>[] = [];
  for (const account of accounts) {
    const { life, billing } = simulateLife(account, derive(seed, STREAM.life, account.index), endMs, horizonMs);
    account.life = life;
    const dipRng = derive(seed, STREAM.dip, account.index);
    if (life.convertedAt !== undefined && dipRng.chance(0.18)) {
      const from = life.convertedAt + dipRng.between(30, 300) * DAY_MS;
      life.dip = { from, to: from + dipRng.between(21, 42) * DAY_MS, depth: dipRng.between(0.35, 0.6) };
    }
    account.users = makeUsers(account, derive(seed, STREAM.users, account.index));
    account.features = adoptFeatures(account, derive(seed, STREAM.features, account.index));
    billing.forEach(file);
    const failed = billing.filter((b) => b.type === 'payment_failed').map((b) => b.at);
    const own = planTickets(account, derive(seed, STREAM.tickets, account.index), endMs, failed);
    tickets.push(...own);
    planCrm(account, derive(seed, STREAM.crm, account.index), { startMs, endMs, tickets: own.map((t) => t.openedAt), failedPayments: failed }).forEach(file);
  }

  // Ticket numbers run company-wide per desk, in order of opening.
  tickets.sort((a, b) => a.openedAt - b.openedAt || a.account.index - b.account.index || a.seq - b.seq);
  const next = { zendesk: 1001, intercom: 21_322_000_001 };
  for (const draft of tickets) {
    const ticket: Ticket = { ...draft, number: next[draft.account.vendors.support]++ };
    ticket.steps.forEach(({ step, at }, stepIndex) => {
      if (at < endMs) file({ kind: 'support', at, account: ticket.account, seq: ticket.seq * 8 + stepIndex, ticket, step, stepIndex });
    });
  }
  const kindRank = { billing: 0, crm: 1, support: 2 } as const;
  for (const list of buckets.values()) {
    list.sort((a, b) => a.at - b.at || a.account.index - b.account.index || kindRank[a.kind] - kindRank[b.kind] || a.seq - b.seq);
  }

  const salt = (label: string) => mix(seed, hashString(label)) & 0xffffff;
  return {
    seed,
    scale,
    startMs,
    endMs,
    firstDay,
    lastDay,
    accounts,
    salts: { product: salt('product'), billing: salt('billing'), crm: salt('crm'), support: salt('support'), live: salt('live') },
    happeningsOn: (day) => buckets.get(day) ?? [],
  };
}
