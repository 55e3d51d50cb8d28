/**
 * The mock CRM's own records for an account: deals, notes and contacts. Made up, but the same for the same
 * account every time (seeded by its id), as a real CRM's database would be.
 */

export interface MockDeal {
  name: string;
  stage: 'Discovery' | 'Proposal' | 'Negotiation' | 'Verbal commit';
  amount: number;
  close: Date;
}

export interface MockNote {
  author: string;
  at: Date;
  text: string;
}

export interface MockAccount {
  owner: string;
  contact: string;
  industry: string;
  region: string;
  deals: MockDeal[];
  notes: MockNote[];
}

const DAY = 86_400_000;
const PEOPLE = ['Maya Chen', 'Tomás Rivera', 'Priya Nair', 'Ollie Baker', 'Sofia Rossi', 'Kwame Mensah', 'Hannah Müller', 'Ravi Patel'];
const CSMS = ['Jordan Lee', 'Avery Brooks', 'Sam Ortiz'];
const INDUSTRIES = ['Software', 'Retail', 'Logistics', 'Healthcare', 'Financial services', 'Media', 'Manufacturing'];
const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM'];
const DEALS: readonly [string, number][] = [
  ['Annual renewal', 1],
  ['Seat expansion', 0.4],
  ['Premium support add-on', 0.15],
  ['Data warehouse connector', 0.25],
  ['Multi-region rollout', 0.6],
];
const STAGES: readonly MockDeal['stage'][] = ['Discovery', 'Proposal', 'Negotiation', 'Verbal commit'];
const NOTES = [
  (c: string) => `Quarterly business review booked with ${c}. Wants to see adoption by team.`,
  (c: string) => `${c} asked about SSO and audit logs for their security review.`,
  () => 'Champion moved to a new role; intro to the new VP Ops requested.',
  (c: string) => `Walked ${c} through the forecasting feature; follow-up training next week.`,
  () => 'Procurement wants a two-year term with a price lock. Looping in finance.',
  () => 'Usage dipped after their reorg. Offered a re-onboarding session.',
];

/** A small seeded generator (mulberry32), so an account's records never change between visits. */
function random(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

/** A seeded Fisher-Yates shuffle of a copy of `list`. */
function shuffle<T>(rng: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The CRM's records of account `id`, scaled to its yearly contract value (`arr`, in major units). */
export function mockAccount(id: string, arr: number, now = Date.now()): MockAccount {
  const rng = random(id);
  const contact = pick(rng, PEOPLE);
  const base = Math.max(arr, 2400);
  const deals = DEALS.filter(() => rng() < 0.6)
    .slice(0, 4)
    .map(([name, share], i) => ({
      name,
      stage: STAGES[Math.min(STAGES.length - 1, Math.floor(rng() * STAGES.length))]!,
      amount: Math.round((base * share * (0.8 + rng() * 0.4)) / 100) * 100,
      close: new Date(now + (14 + i * 21 + Math.floor(rng() * 20)) * DAY),
    }));
  if (deals.length === 0) deals.push({ name: 'Annual renewal', stage: 'Proposal', amount: Math.round(base / 100) * 100, close: new Date(now + 45 * DAY) });
  const first = contact.split(' ')[0]!;
  const notes = shuffle(rng, NOTES)
    .slice(0, 4)
    .map((note, i) => ({ author: pick(rng, CSMS), at: new Date(now - (i * 6 + 1 + Math.floor(rng() * 5)) * DAY), text: note(first) }));
  return { owner: pick(rng, CSMS), contact, industry: pick(rng, INDUSTRIES), region: pick(rng, REGIONS), deals, notes };
}
