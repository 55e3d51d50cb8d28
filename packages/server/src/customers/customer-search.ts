import { CUSTOMER_SEARCH_MAX_LIMIT, CUSTOMER_SEARCH_MAX_QUERY, type CustomerSearchResult } from '@tally/client-sdk';
import { TallyError, type SqlExecutor } from '@tally/core';
import { z } from 'zod';
import { SqlParams } from '../query/sql-text.ts';

/** Customers per page when `limit` is omitted. */
export const DEFAULT_SEARCH_LIMIT = 25;

/** A validated search: the text, the page size, and where the previous page ended. */
export interface CustomerSearch {
  q: string;
  limit: number;
  /** The last item of the previous page: its MRR and id (the sort key). */
  after?: { mrr: number; id: string };
}

export const searchSchema = z.object({
  q: z.string().max(CUSTOMER_SEARCH_MAX_QUERY, `at most ${CUSTOMER_SEARCH_MAX_QUERY} characters`).default(''),
  limit: z.string().regex(/^\d{1,3}$/, `expected an integer 1-${CUSTOMER_SEARCH_MAX_LIMIT}`).transform(Number)
    .pipe(z.number().int().min(1, `expected an integer 1-${CUSTOMER_SEARCH_MAX_LIMIT}`).max(CUSTOMER_SEARCH_MAX_LIMIT, `at most ${CUSTOMER_SEARCH_MAX_LIMIT}`))
    .default(DEFAULT_SEARCH_LIMIT),
  cursor: z.string().max(1000).optional(),
});

const cursorSchema = z.tuple([z.number().int(), z.string().min(1).max(1000)]);

function fail(field: string, message: string): never {
  throw new TallyError('validation_failed', `${field}: ${message}`, { field });
}

const encodeCursor = (mrr: number, id: string) => Buffer.from(JSON.stringify([mrr, id])).toString('base64url');

function decodeCursor(cursor: string): { mrr: number; id: string } {
  try {
    const [mrr, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { mrr, id };
  } catch (err) {
    throw new TallyError('validation_failed', 'cursor: not a cursor this endpoint returned', { field: 'cursor', cause: err });
  }
}

/** Turns `GET /v1/customers` query parameters into a {@link CustomerSearch}; `validation_failed` names the field. */
export function parseCustomerSearch(params: Record<string, string>): CustomerSearch {
  const parsed = searchSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(issue.path.join('.') || 'query', issue.message);
  }
  const { q, limit, cursor } = parsed.data;
  return { q: q.trim(), limit, ...(cursor !== undefined ? { after: decodeCursor(cursor) } : {}) };
}

/**
 * One page of the tenant's customers whose name starts with `q` (case-insensitive) or whose id does, highest MRR
 * first, ties by id; confined to `customerId` when the caller's scope fixes one.
 */
export async function searchCustomers(db: SqlExecutor, tenant: string, search: CustomerSearch, customerId?: string): Promise<CustomerSearchResult> {
  const p = new SqlParams();
  const where = [`c.tenant = ${p.add(tenant)}`];
  if (search.q !== '') where.push(`(starts_with(lower(c.name), lower(${p.add(search.q)})) OR starts_with(c.customer_id, ${p.add(search.q)}))`);
  if (customerId !== undefined) where.push(`c.customer_id = ${p.add(customerId)}`);
  if (search.after) {
    const mrr = p.add(search.after.mrr, 'bigint');
    where.push(`(c.mrr_minor < ${mrr} OR (c.mrr_minor = ${mrr} AND c.customer_id > ${p.add(search.after.id)}))`);
  }
  const rows = await db.query<{
    customer_id: string; name: string | null; plan: string | null; mrr: number; currency: string | null; billing_status: string;
    owner: string | null; score: number | null; last_seen: number;
  }>(
    `SELECT c.customer_id, c.name, c.plan, c.mrr_minor::float8 AS mrr, c.currency, c.billing_status, c.owner, h.score,
            (extract(epoch FROM c.last_seen_at) * 1000)::float8 AS last_seen
     FROM customers c LEFT JOIN customer_health h ON h.tenant = c.tenant AND h.customer_id = c.customer_id
     WHERE ${where.join(' AND ')}
     ORDER BY c.mrr_minor DESC, c.customer_id ASC LIMIT ${p.add(search.limit + 1, 'int')}`,
    p.values,
  );
  const page = rows.slice(0, search.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.customer_id, name: r.name, plan: r.plan, mrr: { amountMinor: r.mrr, currency: r.currency }, billingStatus: r.billing_status,
      owner: r.owner, healthScore: r.score, lastSeenAt: new Date(r.last_seen).toISOString(),
    })),
    nextCursor: rows.length > search.limit && last ? encodeCursor(last.mrr, last.customer_id) : null,
  };
}
