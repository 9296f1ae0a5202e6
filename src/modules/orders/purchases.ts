/** Whether a customer bought a product, on any channel: the named query reviews read to mark a verified purchase. */
import { sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import { sqlList } from '../../platform/sql.js'
import type { ChannelKind } from '../channels/service.js'
import type { OrderStatus } from './schema.js'

export interface ProductPurchase {
  orderId: string
  channelId: string
  channelKind: ChannelKind
  placedAt: string
}

/**
 * The statuses of an order that was paid: paid and every step after it (fulfilment, delivery, collection, closing). Not
 * `placed` (nothing paid yet: an unpaid order proves no purchase) and not `cancelled`.
 */
export const PURCHASED_ORDER_STATUSES = ['paid', 'allocated', 'picking', 'ready_for_pickup', 'shipped', 'partially_fulfilled', 'delivered', 'collected', 'closed'] as const satisfies readonly OrderStatus[]

/**
 * Her latest paid order (PURCHASED_ORDER_STATUSES) with a line of a variant of the product, on any channel: null when
 * there is none. Her own orders only: a merge moves the merged profile's orders to the survivor. orders_customer_idx
 * and order_lines_order_idx.
 */
export async function findProductPurchase(tx: Tx, input: { customerId: string; productId: string }): Promise<ProductPurchase | null> {
  const [row] = rowsOf<{ order_id: string; channel_id: string; channel_kind: ChannelKind; placed_at: string | Date }>(
    await tx.execute(sql`
      select o.id as order_id, o.channel_id, ch.kind as channel_kind, o.placed_at
      from orders o
      join channels ch on ch.id = o.channel_id
      where o.customer_id = ${input.customerId} and o.status in (${sqlList(PURCHASED_ORDER_STATUSES)})
        and exists (
          select 1 from order_lines l join product_variants v on v.id = l.variant_id
          where l.order_id = o.id and v.product_id = ${input.productId}
        )
      order by o.placed_at desc, o.id desc
      limit 1`),
  )
  if (!row) return null
  return { orderId: row.order_id, channelId: row.channel_id, channelKind: row.channel_kind, placedAt: new Date(row.placed_at).toISOString() }
}
