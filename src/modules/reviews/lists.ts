/** Reading reviews: a product's published ones with their aggregate, hers (any status), and the moderation queue. */
import { and, eq, isNull, sql } from 'drizzle-orm'
import { can, type Actor } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { defineListOrder, listTablePage, type ListPage, type ListWindow } from '../../platform/list-order.js'
import { getProduct } from '../catalog/service.js'
import { assertCustomerOrStaff, findCustomer } from '../customers/service.js'
import { customerNotFound, reviewNotFound } from './errors.js'
import { averageTenths } from './policies.js'
import { reviews, type ReviewStatus } from './schema.js'
import { toPublicReviews, toReview, toReviews, type PublicReviewView, type ReviewView } from './views.js'

export const REVIEW_SORT_KEYS = ['createdAt', 'rating'] as const
type SortKey = (typeof REVIEW_SORT_KEYS)[number]
const keys = { createdAt: { sql: reviews.createdAt, type: 'time' as const }, rating: { sql: reviews.rating, type: 'integer' as const } }
/** A product's reviews and hers: newest first unless told (`-rating` for the best first). */
const newestFirst = defineListOrder<SortKey>({ keys, tiebreaker: reviews.id, defaultDescending: true, defaultSort: [{ key: 'createdAt', descending: true }] })
/** The moderation queue: oldest first, so that nobody waits longest. */
const oldestFirst = defineListOrder<SortKey>({ keys, tiebreaker: reviews.id, defaultDescending: false })

const live = isNull(reviews.supersededAt)

export interface ReviewAggregate {
  count: number
  /** The average rating in integer tenths (43 for 4.3), null without a published review. */
  averageTenths: number | null
  distribution: { '1': number; '2': number; '3': number; '4': number; '5': number }
}

/** The count, average and distribution of a product's published reviews; one query (reviews_product_published_idx). */
export async function reviewAggregate(tx: Tx, productId: string): Promise<ReviewAggregate> {
  const [row] = rowsOf<{ count: number; sum: number; r1: number; r2: number; r3: number; r4: number; r5: number }>(
    await tx.execute(sql`
      select count(*)::int as count, coalesce(sum(rating), 0)::int as sum,
        (count(*) filter (where rating = 1))::int as r1, (count(*) filter (where rating = 2))::int as r2,
        (count(*) filter (where rating = 3))::int as r3, (count(*) filter (where rating = 4))::int as r4,
        (count(*) filter (where rating = 5))::int as r5
      from reviews where product_id = ${productId} and status = 'published' and superseded_at is null`),
  )
  const count = Number(row?.count ?? 0)
  return {
    count,
    averageTenths: averageTenths(Number(row?.sum ?? 0), count),
    distribution: { '1': Number(row?.r1 ?? 0), '2': Number(row?.r2 ?? 0), '3': Number(row?.r3 ?? 0), '4': Number(row?.r4 ?? 0), '5': Number(row?.r5 ?? 0) },
  }
}

/** A sold product's published reviews, for anyone, with the aggregate of all of them; 404 for a product not on sale. */
export async function listProductReviews(tx: Tx, input: ListWindow & { productId: string; locale?: string }): Promise<ListPage<PublicReviewView> & { aggregate: ReviewAggregate }> {
  const product = await getProduct(tx, { idOrHandle: input.productId, audience: 'public' })
  const where = and(eq(reviews.productId, product.id), eq(reviews.status, 'published'), live, input.locale ? eq(reviews.locale, input.locale) : undefined)
  const page = await listTablePage(tx, reviews, newestFirst, input, where, (rows) => toPublicReviews(rows))
  return { ...page, aggregate: await reviewAggregate(tx, product.id) }
}

/** Her reviews in every status, for herself or staff with customers:read; anyone else gets the 404 of an unknown id. */
export async function listCustomerReviews(tx: Tx, input: ListWindow & { actor: Actor | null; customerId: string; status?: ReviewStatus }): Promise<ListPage<ReviewView>> {
  assertCustomerOrStaff(input.actor, input.customerId, 'customers:read')
  if (!(await findCustomer(tx, input.customerId))) throw customerNotFound(input.customerId)
  const where = and(eq(reviews.customerId, input.customerId), live, input.status ? eq(reviews.status, input.status) : undefined)
  const reader = input.actor?.kind === 'customer' ? 'author' : 'staff'
  return listTablePage(tx, reviews, newestFirst, input, where, (rows) => toReviews(rows, reader))
}

/** The moderation queue (reviews:moderate, checked by the route): every live review, or those of one status or product. */
export async function listReviews(tx: Tx, input: ListWindow & { status?: ReviewStatus; productId?: string }): Promise<ListPage<ReviewView>> {
  const where = and(live, input.status ? eq(reviews.status, input.status) : undefined, input.productId ? eq(reviews.productId, input.productId) : undefined)
  return listTablePage(tx, reviews, oldestFirst, input, where, (rows) => toReviews(rows, 'staff'))
}

/** One review for its author, a moderator or staff with customers:read; anyone else gets a 404, whatever its status. */
export async function getReview(tx: Tx, input: { actor: Actor | null; reviewId: string }): Promise<ReviewView> {
  const [row] = await tx
    .select()
    .from(reviews)
    .where(and(eq(reviews.id, input.reviewId), live))
  const { actor } = input
  const allowed = row && ((actor?.kind === 'customer' && actor.id === row.customerId) || can(actor, 'reviews:moderate') || can(actor, 'customers:read'))
  if (!row || !allowed) throw reviewNotFound(input.reviewId)
  return toReview(row, actor?.kind === 'customer' ? 'author' : 'staff')
}
