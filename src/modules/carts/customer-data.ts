/**
 * A customer's carts and wishlist as the GDPR export, the erasure and the staff 360 need them. The carts module owns
 * these tables, so the SQL lives here; each function is a handful of statements whatever the number of carts.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import type { ChannelSummary } from '../../platform/references.js'
import { abandonedCartSql } from './policies.js'
import { cartLines, carts, wishlistItems } from './schema.js'

const iso = (value: string | Date) => new Date(value).toISOString()

/**
 * Every cart of the customer, any status, with its lines. Anonymous carts of a device she used are not hers alone
 * (a kiosk's device serves every passer-by), so only carts naming her count.
 */
export async function exportCustomerCarts(tx: Tx, customerId: string) {
  const cartRows = await tx.select().from(carts).where(eq(carts.customerId, customerId)).orderBy(asc(carts.createdAt))
  const lineRows =
    cartRows.length === 0
      ? []
      : await tx
          .select()
          .from(cartLines)
          .where(
            inArray(
              cartLines.cartId,
              cartRows.map((c) => c.id),
            ),
          )
          .orderBy(asc(cartLines.addedAt))
  return cartRows.map((c) => ({
    id: c.id,
    channelId: c.channelId,
    status: c.status,
    deviceId: c.deviceId,
    pickupLocationId: c.pickupLocationId,
    orderId: c.orderId,
    currency: c.currency,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    lines: lineRows
      .filter((l) => l.cartId === c.id)
      .map((l) => ({
        variantId: l.variantId,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        addedAt: l.addedAt.toISOString(),
        updatedAt: l.updatedAt.toISOString(),
      })),
  }))
}

/** The customer's wishlist, oldest first. */
export async function exportCustomerWishlist(tx: Tx, customerId: string) {
  const rows = await tx.select().from(wishlistItems).where(eq(wishlistItems.customerId, customerId)).orderBy(asc(wishlistItems.addedAt))
  return rows.map((w) => ({ variantId: w.variantId, channelId: w.channelId, addedAt: w.addedAt.toISOString() }))
}

/**
 * GDPR erasure of carts: open carts go with their lines (and the anonymous carts merged into them), closed ones stay
 * for the orders they became but no longer name the customer, the device or a handoff code; the wishlist goes.
 */
export async function eraseCustomerCarts(
  tx: Tx,
  customerIds: readonly string[],
): Promise<{ cartsDeleted: number; cartsDetached: number; wishlistItemsDeleted: number }> {
  if (customerIds.length === 0) return { cartsDeleted: 0, cartsDetached: 0, wishlistItemsDeleted: 0 }
  const owned = inArray(carts.customerId, [...customerIds])
  // A merged cart points at the open cart it went into (no cascade): the whole chain goes in one DELETE, whose
  // foreign keys are checked at the end of the statement.
  const deleted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with recursive doomed as (
        select id from carts where status = 'open' and ${owned}
        union
        select c.id from carts c join doomed d on c.merged_into_cart_id = d.id
      )
      delete from carts where id in (select id from doomed) returning id`),
  )
  const detached = await tx
    .update(carts)
    .set({ customerId: null, deviceId: null, handoffCode: null, handoffCodeExpiresAt: null })
    .where(owned)
    .returning({ id: carts.id })
  const wished = await tx
    .delete(wishlistItems)
    .where(inArray(wishlistItems.customerId, [...customerIds]))
    .returning({ variantId: wishlistItems.variantId })
  return { cartsDeleted: deleted.length, cartsDetached: detached.length, wishlistItemsDeleted: wished.length }
}

export interface CustomerCartOverview {
  id: string
  channelId: string
  channel: ChannelSummary
  /** Where the cart is served: the channel's store (store, kiosk), else the click-and-collect store. */
  locationId: string | null
  itemCount: number
  total: { amount: number; currency: string }
  abandoned: boolean
  lastActivityAt: string
}

type CartOverviewRow = {
  id: string
  channel_id: string
  channel_kind: string
  channel_name: string
  channel_code: string
  location_id: string | null
  currency: string
  item_count: number
  total: number
  abandoned: boolean
  last_activity_at: string | Date
}

/**
 * The customer's open carts on every channel, most recently active first, each flagged abandoned by the rule of
 * policies.ts (abandonedCartSql); one query whatever the number of carts.
 */
export async function summariseCustomerCarts(tx: Tx, customerId: string): Promise<CustomerCartOverview[]> {
  // Relies on carts_customer_status_idx, then cart_lines_cart_variant_key per cart.
  const result = await tx.execute(sql`
    select c.id, c.channel_id, ch.kind as channel_kind, ch.name as channel_name, ch.code as channel_code,
      coalesce(ch.location_id, c.pickup_location_id) as location_id, c.currency,
      coalesce(sum(l.quantity), 0)::int as item_count, coalesce(sum(l.quantity::bigint * l.unit_price), 0)::bigint as total,
      c.updated_at as last_activity_at,
      ${abandonedCartSql({ id: sql`c.id`, status: sql`c.status`, updatedAt: sql`c.updated_at` })} as abandoned
    from carts c
    join channels ch on ch.id = c.channel_id
    left join cart_lines l on l.cart_id = c.id
    where c.customer_id = ${customerId} and c.status = 'open'
    group by c.id, ch.id
    order by c.updated_at desc, c.id desc`)
  return rowsOf<CartOverviewRow>(result).map((r) => ({
    id: r.id,
    channelId: r.channel_id,
    channel: { id: r.channel_id, code: r.channel_code, name: r.channel_name, kind: r.channel_kind },
    locationId: r.location_id,
    itemCount: Number(r.item_count),
    total: { amount: Number(r.total), currency: r.currency },
    abandoned: Boolean(r.abandoned),
    lastActivityAt: iso(r.last_activity_at),
  }))
}

export interface WantedVariant {
  variantId: string
  sku: string
  title: { fr: string; en: string }
  /** Units in her open carts (0 when only wished). */
  inCarts: number
  inWishlist: boolean
}

type WantedRow = { variant_id: string; sku: string; title_fr: string; title_en: string; in_carts: number; in_wishlist: boolean }

/** Every variant in the customer's open carts or wishlist, with how many she holds and whether she wished it; one query. */
export async function listCustomerWantedVariants(tx: Tx, customerId: string): Promise<WantedVariant[]> {
  const result = await tx.execute(sql`
    with wanted as (
      select l.variant_id, l.quantity, false as wished
      from carts c join cart_lines l on l.cart_id = c.id
      where c.customer_id = ${customerId} and c.status = 'open'
      union all
      select w.variant_id, 0, true from wishlist_items w where w.customer_id = ${customerId}
    )
    select v.id as variant_id, v.sku, p.title_fr, p.title_en, sum(wanted.quantity)::int as in_carts, bool_or(wanted.wished) as in_wishlist
    from wanted
    join product_variants v on v.id = wanted.variant_id
    join products p on p.id = v.product_id
    group by v.id, p.id
    order by v.sku`)
  return rowsOf<WantedRow>(result).map((r) => ({
    variantId: r.variant_id,
    sku: r.sku,
    title: { fr: r.title_fr, en: r.title_en },
    inCarts: Number(r.in_carts),
    inWishlist: Boolean(r.in_wishlist),
  }))
}
