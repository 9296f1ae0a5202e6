/**
 * What a profile merge, its revert, a GDPR erasure and export do to reviews. A merge gives every review of the merged
 * profile to the survivor, set-aside ones included (so that her export holds them); where both have a live review of
 * one product, mergeKeeps (policies.ts) picks the one that stays live and the other is set aside (superseded_at),
 * never deleted, so that a revert restores both. An erasure deletes her reviews: what she wrote is hers, and no
 * account needs it kept (the aggregate simply no longer counts them).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import { emitAll } from '../../platform/events.js'
import { REVIEW_EVENTS } from './events.js'
import { mergeKeeps } from './policies.js'
import { reviews, type ReviewStatus } from './schema.js'

/** What a merge did to reviews, as customer_merges.moved records it: ids only, never what she wrote. */
export interface MovedReviews {
  /** The merged profile's reviews given to the survivor (set-aside ones included). */
  moved: string[]
  /** Reviews this merge set aside, either profile's, because the other had one mergeKeeps prefers. */
  dropped: string[]
}

/** Moves the merged profile's reviews to the survivor, setting aside the one of two on a product mergeKeeps drops. */
export async function moveCustomerReviews(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<MovedReviews> {
  const pairs = rowsOf<{ from_id: string; from_status: ReviewStatus; from_at: string | Date; to_id: string; to_status: ReviewStatus; to_at: string | Date }>(
    await tx.execute(sql`
      select f.id as from_id, f.status as from_status, f.updated_at as from_at, t.id as to_id, t.status as to_status, t.updated_at as to_at
      from reviews f join reviews t on t.product_id = f.product_id and t.customer_id = ${input.toCustomerId} and t.superseded_at is null
      where f.customer_id = ${input.fromCustomerId} and f.superseded_at is null
      order by f.id`),
  )
  const dropped = pairs.map((pair) => {
    const from = { id: pair.from_id, status: pair.from_status, updatedAt: new Date(pair.from_at) }
    const to = { id: pair.to_id, status: pair.to_status, updatedAt: new Date(pair.to_at) }
    return mergeKeeps(from, to) === from ? to.id : from.id
  })
  // Set aside first, so that the move below never meets reviews_customer_product_key.
  if (dropped.length > 0) {
    const hidden = await tx.update(reviews).set({ supersededAt: sql`now()` }).where(inArray(reviews.id, dropped)).returning({ id: reviews.id, productId: reviews.productId, status: reviews.status })
    await announceRemoved(tx, hidden, 'merged')
  }
  const moved = await tx.update(reviews).set({ customerId: input.toCustomerId }).where(eq(reviews.customerId, input.fromCustomerId)).returning({ id: reviews.id })
  return { moved: moved.map((row) => row.id).sort(), dropped: dropped.sort() }
}

/**
 * Reverts moveCustomerReviews: the moved reviews still on the survivor go back, then the reviews this merge set aside
 * are live again, each only where its owner has no live review of that product by then. Returns how many came back.
 */
export async function restoreCustomerReviews(tx: Tx, input: { fromCustomerId: string; toCustomerId: string; moved: MovedReviews }): Promise<number> {
  let restored = 0
  if (input.moved.moved.length > 0) {
    const back = await tx
      .update(reviews)
      .set({ customerId: input.toCustomerId })
      .where(and(inArray(reviews.id, input.moved.moved), eq(reviews.customerId, input.fromCustomerId)))
      .returning({ id: reviews.id })
    restored += back.length
  }
  if (input.moved.dropped.length > 0) {
    const back = rowsOf<{ id: string }>(
      await tx.execute(sql`
        update reviews r set superseded_at = null
        where r.id in ${input.moved.dropped} and r.superseded_at is not null
          and not exists (select 1 from reviews o where o.customer_id = r.customer_id and o.product_id = r.product_id and o.superseded_at is null)
        returning r.id`),
    )
    restored += back.length
  }
  return restored
}

/** reviews.review_removed for each of these rows that the public saw (published), in id order. */
async function announceRemoved(tx: Tx, rows: readonly { id: string; productId: string; status: ReviewStatus }[], reason: 'erased' | 'merged'): Promise<void> {
  const gone = rows.filter((row) => row.status === 'published').sort((x, y) => (x.id < y.id ? -1 : 1))
  await emitAll(tx, gone.map((row) => ({ type: REVIEW_EVENTS.removed, payload: { reviewId: row.id, productId: row.productId, reason } })))
}

/** GDPR erasure: deletes every review of these profiles, set-aside ones included; returns how many. */
export async function eraseCustomerReviews(tx: Tx, customerIds: readonly string[]): Promise<number> {
  if (customerIds.length === 0) return 0
  const deleted = await tx
    .delete(reviews)
    .where(inArray(reviews.customerId, [...customerIds]))
    .returning({ id: reviews.id, productId: reviews.productId, status: reviews.status, supersededAt: reviews.supersededAt })
  await announceRemoved(tx, deleted.filter((row) => row.supersededAt === null), 'erased')
  return deleted.length
}

/**
 * Every review of hers for the GDPR export, those a merge set aside included (a merge moves them to the survivor too):
 * what she wrote, its status and the moderation decision, oldest first.
 */
export async function exportCustomerReviews(tx: Tx, customerId: string): Promise<object[]> {
  const rows = await tx.select().from(reviews).where(eq(reviews.customerId, customerId)).orderBy(asc(reviews.createdAt), asc(reviews.id))
  return rows.map((row) => ({
    id: row.id,
    productId: row.productId,
    orderId: row.orderId,
    channelId: row.channelId,
    purchaseChannel: row.channelKind,
    verifiedPurchase: row.verifiedPurchase,
    reviewer: row.reviewerName,
    rating: row.rating,
    title: row.title,
    body: row.body,
    locale: row.locale,
    status: row.status,
    moderationNote: row.moderationNote,
    moderatedAt: row.moderatedAt?.toISOString() ?? null,
    supersededAt: row.supersededAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }))
}
