/**
 * What a customer profile merge does to orders: they change customer (the contact stays as it was given), and a
 * revert gives back exactly those still on the survivor. Order history rows and past events keep the old id.
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { orders } from './schema.js'

/** Gives every order of `fromCustomerId` to `toCustomerId` (orders_customer_idx); returns their ids. */
export async function moveCustomerOrders(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<string[]> {
  const moved = await tx.update(orders).set({ customerId: input.toCustomerId }).where(eq(orders.customerId, input.fromCustomerId)).returning({ id: orders.id })
  return moved.map((row) => row.id)
}

/** Gives the listed orders back to `toCustomerId`, those still on `fromCustomerId`; returns how many. */
export async function restoreCustomerOrders(tx: Tx, input: { ids: readonly string[]; fromCustomerId: string; toCustomerId: string }): Promise<number> {
  if (input.ids.length === 0) return 0
  const restored = await tx
    .update(orders)
    .set({ customerId: input.toCustomerId })
    .where(and(inArray(orders.id, [...input.ids]), eq(orders.customerId, input.fromCustomerId)))
    .returning({ id: orders.id })
  return restored.length
}
