/** Staff search over customers: partial, accent- and case-insensitive, ranked, cursor-paged. */
import { sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import { countAsked, createdRange, defineListOrder, planList, type CreatedWindow, type ListPage, type ListWindow } from '../../platform/list-order.js'
import { decodeCursor, toPage } from '../../platform/pagination.js'
import { phoneOrNull } from '../../platform/phone.js'
import { invalidInput } from '../../platform/problems.js'
import { normaliseEmail } from './identifiers.js'

export interface SearchHit {
  id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  phone: string | null
  postal_code: string | null
  locale: string
  has_account: boolean
  version: number
  created_at: string | Date
  exact: boolean
  rank: string
}

const PHONE_LIKE = /^[\d\s.+()-]+$/
const MIN_TERM_CHARACTERS = 2

/**
 * What the typed text is matched against: digits only for something phone-like, else the text itself, lower-cased and
 * unaccented in SQL by the same omni_unaccent that builds search_text (so both sides fold alike, œ and ß included).
 */
function termsOf(q: string): { term: string; email: string; phone: string | null } {
  const trimmed = q.trim()
  // A term of blanks or punctuation (`  `, `()`) would match every customer: a search names someone.
  if ((trimmed.match(/[\p{L}\p{N}]/gu)?.length ?? 0) < MIN_TERM_CHARACTERS) {
    throw invalidInput('/query/q', `Give at least ${MIN_TERM_CHARACTERS} letters or digits to search for.`, 'search-term-too-short')
  }
  const phoneLike = PHONE_LIKE.test(trimmed)
  return {
    term: phoneLike ? trimmed.replace(/[^\d+]/g, '') : trimmed.toLowerCase(),
    email: normaliseEmail(trimmed),
    phone: phoneLike ? phoneOrNull(trimmed) : null,
  }
}

/** The (exact, rank, id) key a cursor holds, each part as searchCustomers wrote it; anything else is the cursor's 400. */
function afterKey(cursor: string | undefined): { exact: 0 | 1; rank: string; id: string } | null {
  const after = decodeCursor(cursor, 3)
  if (after === null) return null
  const [exact, rank, id] = after
  if ((exact !== 0 && exact !== 1) || typeof rank !== 'string' || !/^\d{1,6}(\.\d{1,6})?$/.test(rank) || typeof id !== 'string') {
    throw invalidInput('/query/cursor', 'The cursor is not one this list returned.', 'invalid-cursor')
  }
  return { exact, rank, id }
}

export const CUSTOMER_SORT_KEYS = ['createdAt', 'lastName'] as const
// Keys name the `ranked` columns below; a missing last name sorts as empty text.
const customerSortOrder = defineListOrder<(typeof CUSTOMER_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: sql`created_at`, type: 'time' }, lastName: { sql: sql`coalesce(last_name, '')`, type: 'text' } },
  tiebreaker: sql`id`,
  defaultDescending: true,
})

export interface CustomerSearchInput extends ListWindow, CreatedWindow {
  q: string
}

/**
 * Customers matching `q` by name, email or phone, created in [createdFrom, createdTo): by default exact email/phone
 * identifiers first, then by trigram word similarity, keyset-paged on (exact, rank, id); with `sort`, in that order
 * keyset-paged on its keys and id. Pages neither skip nor repeat while nothing changes.
 */
export async function searchCustomers(tx: Tx, input: CustomerSearchInput): Promise<ListPage<SearchHit>> {
  const { term, email, phone } = termsOf(input.q)
  const folded = sql`lower(omni_unaccent(${term}))`
  // LIKE's own characters are escaped after folding; the expression is immutable, so the planner folds it into a
  // constant and the trigram index still serves it.
  const like = sql`'%' || replace(replace(replace(${folded}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`
  const created = createdRange(sql`c.created_at`, input)
  // Candidates come from two index scans, kept apart (a UNION, not an OR) so that each can use its index: the
  // customer_identifiers_pkey probe for exact email/phone matches, and the GIN index customers_search_text_trgm for
  // LIKE and <%. Rank is rounded to numeric so that the cursor compares exactly.
  const ranked = sql`
    with exact as (
      select customer_id from customer_identifiers
      where (kind = 'email' and value = ${email}) or (kind = 'phone' and value = ${phone ?? ''})
    ), candidates as (
      select customer_id as id from exact
      union
      select id from customers where search_text like ${like} or ${folded} <% search_text
    ), ranked as (
      select c.id, c.email::text as email, c.first_name, c.last_name, c.phone, c.postal_code, c.locale,
             c.password_hash is not null as has_account, c.version, c.created_at,
             c.id in (select customer_id from exact) as exact,
             round(word_similarity(${folded}, c.search_text)::numeric, 6) as rank
      from candidates join customers c on c.id = candidates.id
      -- A profile merged away lives on in its survivor; an erased one is nobody any more.
      where c.merged_into_id is null and c.erased_at is null${sql.join(created.map((condition) => sql` and ${condition}`))}
    )`
  const totalCount = countAsked(input) ? Number(rowsOf<{ n: number | string }>(await tx.execute(sql`${ranked} select count(*) as n from ranked`))[0]?.n ?? 0) : undefined
  if (input.sort) {
    const plan = planList(customerSortOrder, input)
    const result = await tx.execute(sql`${ranked}
      select *, ${plan.cursorKey} as "cursorKey" from ranked
      where ${plan.after ?? sql`true`}
      order by ${sql.join(plan.orderBy, sql`, `)}
      limit ${input.limit + 1}`)
    return plan.page(rowsOf<SearchHit & { cursorKey: string }>(result), input.limit, (row) => row, totalCount)
  }
  const after = afterKey(input.cursor)
  const result = await tx.execute(sql`${ranked}
    select * from ranked
    where ${after === null ? sql`true` : sql`(exact::int, rank, id) < (${after.exact}::int, ${after.rank}::numeric, ${after.id})`}
    order by exact desc, rank desc, id desc
    limit ${input.limit + 1}`)
  const page = toPage(
    rowsOf<SearchHit>(result),
    input.limit,
    (row) => [row.exact ? 1 : 0, String(row.rank), row.id],
    (row) => row,
  )
  return totalCount === undefined ? page : { ...page, totalCount }
}
