import { PAGES } from './catalog.ts';
import { STREAM, type Company } from './company.ts';
import { accessAt, engagement } from './engagement.ts';
import { DAY_MS, HOUR_MS, type Account, type ProductEvent, type User } from './model.ts';
import { cumulative, derive } from './random.ts';
import { workingTime } from './support.ts';

/**
 * Product usage, one day at a time: who signs up and joins (identify/group calls), and who uses what.
 * Each (account, day) has its own random stream, so any day can be generated without the days before it.
 * Weekdays are busy and weekends quiet; a few features get most of the use.
 */

/** Mean extra events per session beyond the first two (tunes the volume: ~3 million events a year at scale 1). */
const SESSION_EVENTS = 1.5;
const WEEKEND_FACTOR = 0.1;
/** Home and the dashboards are where most page views land. */
const PAGE_WEIGHTS = cumulative([4, 3, 2, 1, 1, 1]);

function planAt(account: Account, t: number): string {
  const term = account.life.terms.findLast((x) => x.at <= t)?.term;
  return term ? term.plan : account.life.convertedAt !== undefined && t >= account.life.convertedAt ? 'churned' : 'trial';
}

/**
 * Every product event of a UTC day (days since the epoch) before `until`, in time order. Ids stay the same
 * whatever `until` is, because each event's counter is drawn before the cut.
 */
export function productEventsOn(company: Company, day: number, until = Infinity): ProductEvent[] {
  const dayStart = day * DAY_MS;
  const dayEnd = dayStart + DAY_MS;
  const weekday = new Date(dayStart).getUTCDay();
  const activity = weekday === 0 || weekday === 6 ? WEEKEND_FACTOR : 1;
  const events: ProductEvent[] = [];

  for (const account of company.accounts) {
    if (account.signupAt >= dayEnd) break; // accounts are numbered in signup order
    if (!account.life.access.some((w) => w.from < dayEnd && w.to > dayStart)) continue;
    const rng = derive(company.seed, STREAM.usage, account.index, day);
    let counter = 0;
    const add = (at: number, user: User, kind: ProductEvent['kind'], name: string, path: string) => {
      const n = counter++;
      if (at < dayStart || at >= dayEnd || at >= until || at < user.joinedAt || !accessAt(account, at)) return;
      events.push({ at, account, user, kind, name, path, counter: n, ...(kind === 'group' ? { plan: planAt(account, at) } : {}) });
    };
    const admin = account.users[0];
    if (admin && account.signupAt >= dayStart) {
      add(account.signupAt, admin, 'group', account.name, '/');
      add(account.signupAt + 5_000, admin, 'track', 'Account Created', '/signup');
    }
    for (const change of account.life.terms) {
      if (admin && change.at >= dayStart && change.at < dayEnd) add(Math.floor(change.at) + 1_000, admin, 'group', account.name, '/settings/billing');
    }
    for (const user of account.users) {
      if (user.joinedAt >= dayEnd) break;
      if (user.joinedAt >= dayStart) add(user.joinedAt, user, 'identify', user.name, '/welcome');
    }

    const localNoon = dayStart + ((((12 - account.utcOffset) % 24) + 24) % 24) * HOUR_MS;
    const level = engagement(account, localNoon) * activity;
    if (level <= 0) continue;
    const features = account.features.filter((f) => f.adoptedAt < dayEnd);
    const weights = cumulative(features.map((f) => f.weight));
    for (const user of account.users) {
      if (user.joinedAt >= dayEnd) break;
      if (rng.next() >= user.propensity * level) continue;
      const sessions = rng.chance(0.2 + 0.35 * user.propensity) ? 2 : 1;
      for (let s = 0; s < sessions; s++) {
        let t = workingTime(account, dayStart, rng);
        const n = 2 + rng.poisson(SESSION_EVENTS);
        for (let k = 0; k < n; k++) {
          if (k === 0 || features.length === 0 || rng.chance(0.28)) {
            const page = PAGES[rng.cumulativeIndex(PAGE_WEIGHTS)]!;
            add(t, user, 'page', page.name, page.path);
          } else {
            const { feature } = features[rng.cumulativeIndex(weights)]!;
            add(t, user, 'feature', feature.name, feature.path);
          }
          t += Math.floor(rng.between(10, 240) * 1000);
        }
      }
    }
  }
  return events.sort((a, b) => a.at - b.at || a.account.index - b.account.index || a.counter - b.counter);
}
