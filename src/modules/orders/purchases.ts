/** Whether a customer bought a product, on any channel: the named query reviews read to mark a verified purchase. */
import { sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import type { ChannelKind } from '../channels/service.js'

export interface ProductPurchase {
  orderId: string
  channelId: string
  channelKind: ChannelKind
  placedAt: string
}

/**
 * Her latest order that is not cancelled with a line of a variant of the product, on any channel — hers or a
 * profile's merged into hers (transitively): null when there is none. Orders follow a merge to the survivor, so the
 * merged profiles matter only for an order a merge did not move. orders_customer_idx and order_lines_order_idx.
 */
export async function findProductPurchase(tx: Tx, input: { customerId: string; productId: string }): Promise<ProductPurchase | null> {
  const [row] = rowsOf<{ order_id: string; channel_id: string; channel_kind: ChannelKind; placed_at: string | Date }>(
    await tx.execute(sql`
      with recursive person as (
        select id from customers where id = ${input.customerId}
        union
        select c.id from customers c join person p on c.merged_into_id = p.id
      )
      select o.id as order_id, o.channel_id, ch.kind as channel_kind, o.placed_at
      from orders o
      join channels ch on ch.id = o.channel_id
      where o.customer_id in (select id from person) and o.status <> 'cancelled'
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
