/**
 * What a profile merge, its revert, a GDPR erasure and export do to reviews. A merge gives the merged profile's reviews
 * to the survivor; where both reviewed one product the newest (last written) stays live and the other is set aside
 * (superseded_at), never deleted, so that a revert restores both exactly. An erasure deletes her reviews: what she
 * wrote is hers, and no account needs it kept (the aggregate simply no longer counts them).
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import { reviews } from './schema.js'

/** What a merge did to reviews, as customer_merges.moved records it: ids only, never what she wrote. */
export interface MovedReviews {
  /** Reviews given to the survivor. */
  moved: string[]
  /** Reviews set aside because the other profile had a newer one of the same product (either profile's). */
  dropped: string[]
}

/** Moves the merged profile's live reviews to the survivor, setting aside the older of two on one product. */
export async function moveCustomerReviews(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<MovedReviews> {
  // Set aside first, so that the move below never meets reviews_customer_product_key.
  const dropped = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with pairs as (
        select f.id as from_id, t.id as to_id, (f.updated_at, f.id) > (t.updated_at, t.id) as from_newer
        from reviews f join reviews t on t.product_id = f.product_id and t.customer_id = ${input.toCustomerId} and t.superseded_at is null
        where f.customer_id = ${input.fromCustomerId} and f.superseded_at is null
      )
      update reviews set superseded_at = now()
      where id in (select case when from_newer then to_id else from_id end from pairs)
      returning id`),
  ).map((row) => row.id)
  const moved = await tx
    .update(reviews)
    .set({ customerId: input.toCustomerId })
    .where(and(eq(reviews.customerId, input.fromCustomerId), isNull(reviews.supersededAt)))
    .returning({ id: reviews.id })
  return { moved: moved.map((row) => row.id).sort(), dropped: dropped.sort() }
}

/**
 * Reverts moveCustomerReviews: the moved reviews still on the survivor go back, then the reviews set aside are live
 * again (each only where its owner has no live review of that product by then). Returns how many came back.
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

/** GDPR erasure: deletes every review of these profiles, set-aside ones included; returns how many. */
export async function eraseCustomerReviews(tx: Tx, customerIds: readonly string[]): Promise<number> {
  if (customerIds.length === 0) return 0
  const deleted = await tx.delete(reviews).where(inArray(reviews.customerId, [...customerIds])).returning({ id: reviews.id })
  return deleted.length
}

/** Every review of hers for the GDPR export: what she wrote, its status and the moderation decision, oldest first. */
export async function exportCustomerReviews(tx: Tx, customerId: string): Promise<object[]> {
  const rows = await tx.select().from(reviews).where(eq(reviews.customerId, customerId)).orderBy(asc(reviews.createdAt), asc(reviews.id))
  return rows.map((row) => ({
    id: row.id,
    productId: row.productId,
    orderId: row.orderId,
    channelId: row.channelId,
    purchaseChannel: row.channelKind,
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
