import { describe, expect, it } from 'vitest';
import { productEventsOn } from './activity.ts';
import { buildCompany } from './company.ts';
import { DAY_MS, type Happening } from './model.ts';

const END = Date.parse('2026-06-15T12:00:00Z');
const company = buildCompany({ seed: 42, scale: 1, endMs: END });
const all: Happening[] = [];
for (let day = company.firstDay; day <= company.lastDay; day++) all.push(...company.happeningsOn(day));

describe('the demo company at scale 1', () => {
  it('has about 500 accounts and 20,000 people, numbered in signup order', () => {
    expect(company.accounts).toHaveLength(500);
    const users = company.accounts.reduce((n, a) => n + a.users.length, 0);
    expect(users).toBeGreaterThan(15_000);
    expect(users).toBeLessThan(24_000);
    expect(company.accounts.every((a, i) => i === 0 || a.signupAt >= company.accounts[i - 1]!.signupAt - DAY_MS)).toBe(true);
    expect(new Set(company.accounts.map((a) => a.id)).size).toBe(500);
  });

  it('is the same company for the same seed and anchor', () => {
    const again = buildCompany({ seed: 42, scale: 1, endMs: END });
    const summary = (c: typeof company) => c.accounts.map((a) => [a.id, a.name, a.signupAt, a.users.length, a.life.churns.length].join('|'));
    expect(summary(again)).toEqual(summary(company));
    expect(summary(buildCompany({ seed: 43, scale: 1, endMs: END }))).not.toEqual(summary(company));
  });

  it('has every commercial event a SaaS business sees in a year, all before the anchor', () => {
    const kinds = new Set(all.map((h) => (h.kind === 'billing' ? `${h.type}${'reason' in h ? `:${h.reason}` : ''}` : h.kind)));
    for (const kind of [
      'customer_created',
      'subscription_created',
      'subscription_updated:renewal',
      'subscription_updated:upgrade',
      'subscription_updated:downgrade',
      'subscription_updated:past_due',
      'subscription_updated:recovered',
      'subscription_updated:cancel_scheduled',
      'subscription_canceled:voluntary',
      'subscription_canceled:involuntary',
      'invoice_paid',
      'payment_failed',
      'charge_refunded',
      'crm',
      'support',
    ]) {
      expect(kinds).toContain(kind);
    }
    const stages = new Set(all.flatMap((h) => (h.kind === 'crm' && h.changes.stage ? [h.changes.stage] : [])));
    expect(stages).toEqual(new Set(['onboarding', 'active', 'at_risk', 'renewal', 'churned']));
    expect(all.every((h) => h.at < END && h.at >= company.startMs)).toBe(true);
  });

  it('files more tickets in the month before a voluntary cancellation than usual', () => {
    let before = 0;
    let usual = 0;
    for (const account of company.accounts) {
      const opened = all.filter((h) => h.kind === 'support' && h.step === 'opened' && h.account === account).map((h) => h.at);
      for (const decline of account.life.declines) {
        if (decline.to >= END || account.life.convertedAt === undefined) continue;
        const span = (decline.to - account.life.convertedAt) / DAY_MS;
        before += opened.filter((t) => t >= decline.to - 30 * DAY_MS && t < decline.to).length;
        usual += (opened.filter((t) => t < decline.to).length / span) * 30;
      }
    }
    expect(before).toBeGreaterThan(1.5 * usual);
  });

  it('is busy on weekdays and quiet at weekends', () => {
    const week = Array.from({ length: 7 }, (_, i) => company.lastDay - 7 - i);
    const counts = week.map((day) => ({ weekend: new Date(day * DAY_MS).getUTCDay() % 6 === 0, n: productEventsOn(company, day).length }));
    const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const weekday = average(counts.filter((c) => !c.weekend).map((c) => c.n));
    const weekend = average(counts.filter((c) => c.weekend).map((c) => c.n));
    expect(weekday).toBeGreaterThan(5 * weekend);
    expect(weekday).toBeGreaterThan(5_000);
  });
});
