/**
 * What a customer profile merge does to returns: they follow their orders to the survivor, and a revert gives back
 * exactly those still on the survivor.
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { returns } from './schema.js'

/** Gives every return of `fromCustomerId` to `toCustomerId` (returns_customer_idx); returns their ids. */
export async function moveCustomerReturns(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<string[]> {
  const moved = await tx.update(returns).set({ customerId: input.toCustomerId }).where(eq(returns.customerId, input.fromCustomerId)).returning({ id: returns.id })
  return moved.map((row) => row.id)
}

/** Gives the listed returns back to `toCustomerId`, those still on `fromCustomerId`; returns how many. */
export async function restoreCustomerReturns(tx: Tx, input: { ids: readonly string[]; fromCustomerId: string; toCustomerId: string }): Promise<number> {
  if (input.ids.length === 0) return 0
  const restored = await tx
    .update(returns)
    .set({ customerId: input.toCustomerId })
    .where(and(inArray(returns.id, [...input.ids]), eq(returns.customerId, input.fromCustomerId)))
    .returning({ id: returns.id })
  return restored.length
}
