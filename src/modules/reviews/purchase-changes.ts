/**
 * What an order's cancellation does to the reviews it verified: each is re-pointed to another paid order of its
 * author for that product (her latest), or, without one, stays with its order and is no longer a verified purchase.
 * Reached through the orders' status hook (src/module-hooks.ts), in the cancellation's transaction.
 */
import { eq } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { findProductPurchase } from '../orders/service.js'
import { reviews } from './schema.js'

/** The reviews of a cancelled order, set aside ones included, re-verified one by one; returns how many lost it. */
export async function reverifyCancelledOrderReviews(tx: Tx, orderId: string): Promise<number> {
  const rows = await tx.select().from(reviews).where(eq(reviews.orderId, orderId)).orderBy(reviews.id).for('update')
  let unverified = 0
  for (const row of rows) {
    // The order is cancelled by now in this transaction, so that the query no longer finds it.
    const purchase = await findProductPurchase(tx, { customerId: row.customerId, productId: row.productId })
    const set = purchase
      ? { orderId: purchase.orderId, channelId: purchase.channelId, channelKind: purchase.channelKind, verifiedPurchase: true }
      : { verifiedPurchase: false }
    if (!purchase) unverified += 1
    await tx.update(reviews).set(set).where(eq(reviews.id, row.id))
  }
  return unverified
}
