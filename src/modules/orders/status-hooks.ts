/**
 * What other modules do, in the transaction that moves an order's status: the one place where an order's
 * lifecycle reaches into promotions (a cancelled order gives its promotion and coupon uses back) and loyalty (points
 * are earned pending when the order is paid, confirmed when it closes, dropped when it is cancelled).
 */
import type { Tx } from '../../platform/db.js'
import { onOrderMoved } from '../loyalty/service.js'
import { releaseOrderPromotions } from '../promotions/service.js'
import type { OrderRow } from './lifecycle.js'
import type { OrderStatus } from './schema.js'

/** `passed`: every status the order stepped into, in order (the last one is its status now). */
export async function afterOrderMoved(tx: Tx, input: { order: OrderRow; passed: readonly OrderStatus[] }): Promise<void> {
  // Promotions before loyalty: the lock order checkout and returns follow too (stock, promotions, loyalty).
  if (input.passed.includes('cancelled')) await releaseOrderPromotions(tx, { orderId: input.order.id, reason: 'cancelled' })
  await onOrderMoved(tx, input)
}
