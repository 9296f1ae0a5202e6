/**
 * What a customer profile merge does to the carts module's rows: carts change customer (the merged profile's open
 * self-service carts join the survivor's open cart by the rule in adopt.ts) and the wishlists unite. Each move
 * answers exactly what it moved; each restore gives back only those rows, and only while they are still on the
 * survivor. A cart that was joined into another stays `merged` after a revert (merged is final): its lines live on
 * in the survivor's cart, and it keeps its own as history.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import { joinOpenCarts, lockOpenCarts } from './adopt.js'
import { carts } from './schema.js'

export interface MovedCarts {
  /** Every cart that changed customer, joined ones included. */
  carts: string[]
  merged: { cartId: string; intoCartId: string }[]
}

/** Gives every cart of `fromCustomerId` to `toCustomerId`; open self-service carts join the survivor's open cart. */
export async function moveCustomerCarts(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<MovedCarts> {
  const sources = await lockOpenCarts(tx, and(eq(carts.customerId, input.fromCustomerId), isNull(carts.createdByStaffId)))
  const joined = await joinOpenCarts(tx, { sources, customerId: input.toCustomerId, takeChannel: false, deviceId: null })
  // carts_customer_status_idx; the rest (checked out, merged, opened by staff) only change owner.
  const rest = await tx.update(carts).set({ customerId: input.toCustomerId }).where(eq(carts.customerId, input.fromCustomerId)).returning({ id: carts.id })
  return { carts: [...joined.adopted, ...rest.map((row) => row.id)], merged: joined.merged }
}

/** Gives the listed carts back to `toCustomerId`, those still on `fromCustomerId`; returns how many. */
export async function restoreCustomerCarts(tx: Tx, input: { ids: readonly string[]; fromCustomerId: string; toCustomerId: string }): Promise<number> {
  if (input.ids.length === 0) return 0
  const restored = await tx
    .update(carts)
    .set({ customerId: input.toCustomerId })
    .where(and(inArray(carts.id, [...input.ids]), eq(carts.customerId, input.fromCustomerId)))
    .returning({ id: carts.id })
  return restored.length
}

export interface WishlistRow {
  variantId: string
  channelId: string | null
  /** As PostgreSQL wrote it (microseconds kept), so that a restore is exact. */
  addedAt: string
}

/**
 * Unites two wishlists: the merged profile's items move to the survivor in one statement; those the survivor already
 * has are dropped and answered apart, so that a revert can give them back too.
 */
export async function moveWishlist(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<{ moved: WishlistRow[]; dropped: WishlistRow[] }> {
  const rows = rowsOf<{ variant_id: string; channel_id: string | null; added_at: string; moved: boolean }>(
    await tx.execute(sql`
      with taken as (
        delete from wishlist_items where customer_id = ${input.fromCustomerId} returning variant_id, channel_id, added_at
      ), added as (
        insert into wishlist_items (customer_id, variant_id, channel_id, added_at)
        select ${input.toCustomerId}, variant_id, channel_id, added_at from taken
        on conflict do nothing
        returning variant_id
      )
      select t.variant_id, t.channel_id, t.added_at::text as added_at, a.variant_id is not null as moved
      from taken t left join added a on a.variant_id = t.variant_id
      order by t.variant_id`),
  )
  const toRow = (row: (typeof rows)[number]): WishlistRow => ({ variantId: row.variant_id, channelId: row.channel_id, addedAt: row.added_at })
  return { moved: rows.filter((row) => row.moved).map(toRow), dropped: rows.filter((row) => !row.moved).map(toRow) }
}

function valuesOf(rows: readonly WishlistRow[]) {
  return sql.join(
    rows.map((row) => sql`(${row.variantId}::text, ${row.channelId}::text, ${row.addedAt}::timestamptz)`),
    sql`, `,
  )
}

/**
 * Reverts moveWishlist: moved items still on the survivor (same variant, same added_at) go back; dropped duplicates
 * are given back as they were. Returns how many items the merged profile has back.
 */
export async function restoreWishlist(tx: Tx, input: { moved: readonly WishlistRow[]; dropped: readonly WishlistRow[]; fromCustomerId: string; toCustomerId: string }): Promise<number> {
  let restored = 0
  if (input.moved.length > 0) {
    const back = await tx.execute(sql`
      with back (variant_id, channel_id, added_at) as (values ${valuesOf(input.moved)}),
      removed as (
        delete from wishlist_items w using back b
        where w.customer_id = ${input.fromCustomerId} and w.variant_id = b.variant_id and w.added_at = b.added_at
        returning b.variant_id, b.channel_id, b.added_at
      )
      insert into wishlist_items (customer_id, variant_id, channel_id, added_at)
      select ${input.toCustomerId}, variant_id, channel_id, added_at from removed
      on conflict do nothing
      returning variant_id`)
    restored += rowsOf(back).length
  }
  if (input.dropped.length > 0) {
    const back = await tx.execute(sql`
      insert into wishlist_items (customer_id, variant_id, channel_id, added_at)
      select ${input.toCustomerId}, variant_id, channel_id, added_at from (values ${valuesOf(input.dropped)}) as d (variant_id, channel_id, added_at)
      on conflict do nothing
      returning variant_id`)
    restored += rowsOf(back).length
  }
  return restored
}
