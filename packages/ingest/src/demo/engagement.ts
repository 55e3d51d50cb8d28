import { DAY_MS, type Account, type AccessWindow } from './model.ts';

/**
 * How much an account uses the product at a moment: its base level, ramping up after it starts, falling in
 * the weeks before a cancellation (the leading indicator support tickets and health scores follow), a
 * slump now and then that recovers, and a quiet holiday week.
 */

const RAMP_MS = 21 * DAY_MS;

/** The access window containing `t`, if any. */
export function accessAt(account: Account, t: number): AccessWindow | undefined {
  for (const w of account.life.access) if (t >= w.from && t < w.to) return w;
  return undefined;
}

/** How far usage has fallen below normal at `t` for reasons that foreshadow churn: 0 (normal) to 0.85. */
export function risk(account: Account, t: number): number {
  const { life } = account;
  let factor = 1;
  for (const d of life.declines) {
    if (t >= d.from && t < d.decidedAt) factor = Math.min(factor, 1 - (0.7 * (t - d.from)) / (d.decidedAt - d.from));
    else if (t >= d.decidedAt && t < d.to) factor = Math.min(factor, 0.15);
  }
  if (life.convertedAt === undefined) {
    // A trial that will lapse loses interest over its second half.
    const half = account.signupAt + (life.trialEndsAt - account.signupAt) / 2;
    if (t >= half) factor = Math.min(factor, 1 - (0.65 * (t - half)) / (life.trialEndsAt - half));
  }
  const dip = life.dip;
  if (dip && t >= dip.from && t < dip.to) {
    const mid = (dip.from + dip.to) / 2;
    const depth = dip.depth * (1 - Math.abs(t - mid) / (mid - dip.from));
    factor = Math.min(factor, 1 - depth);
  }
  return 1 - Math.max(0.15, factor);
}

/** Late December is quiet. */
function holiday(t: number): number {
  const d = new Date(t);
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  return (month === 11 && day >= 24) || (month === 0 && day === 1) ? 0.45 : 1;
}

/** The account's engagement at `t`: 0 without access, about `baseEngagement` when healthy. */
export function engagement(account: Account, t: number): number {
  const window = accessAt(account, t);
  if (!window) return 0;
  const ramp = Math.min(1, 0.3 + (0.7 * (t - window.from)) / RAMP_MS);
  return account.baseEngagement * ramp * (1 - risk(account, t)) * holiday(t);
}
