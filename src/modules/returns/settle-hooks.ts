/**
 * What other modules do, in the transaction that refunds a return: loyalty takes back the points of the goods
 * returned, and promotions give back the uses of an order whose every unit has come back.
 */
import { and, eq, ne, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { reverseReturnPoints } from '../loyalty/service.js'
import { isOrderFullyReturned, orderGoodsPaid } from '../orders/service.js'
import { releaseOrderPromotions } from '../promotions/service.js'
import type { ReturnRow } from './lifecycle.js'
import { returns } from './schema.js'

export async function afterReturnRefunded(tx: Tx, input: { row: ReturnRow }): Promise<void> {
  const { row } = input
  // Promotions before loyalty: the lock order checkout and cancellations follow too (stock, promotions, loyalty).
  // The release rule (promotions/service.ts): every unit returned, and no return of the order still awaiting its refund.
  const awaitingRefund = await tx.select({ id: returns.id }).from(returns).where(and(eq(returns.orderId, row.orderId), eq(returns.status, 'received'))).limit(1)
  if (awaitingRefund.length === 0 && (await isOrderFullyReturned(tx, row.orderId))) await releaseOrderPromotions(tx, { orderId: row.orderId, reason: 'returned' })
  if (row.customerId) {
    // Loyalty takes back the points of everything refunded so far, less what earlier returns took (returns_order_idx).
    const [before] = await tx
      .select({ goods: sql<number>`coalesce(sum(${returns.goodsTotal}), 0)::bigint`.mapWith(Number) })
      .from(returns)
      .where(and(eq(returns.orderId, row.orderId), eq(returns.status, 'refunded'), ne(returns.id, row.id)))
    await reverseReturnPoints(tx, { returnId: row.id, orderId: row.orderId, customerId: row.customerId, channelId: row.channelId, goodsRefunded: row.goodsTotal, goodsRefundedBefore: Number(before?.goods ?? 0), goodsPaid: await orderGoodsPaid(tx, row.orderId) })
  }
}
