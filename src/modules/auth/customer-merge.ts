/**
 * What a customer profile merge does to the auth module's rows: the merged profile's devices follow it to the
 * survivor and its tokens are revoked (its sessions end; after a revert the person logs in again).
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { devices } from './schema.js'

/** Links every device of `fromCustomerId` to `toCustomerId` (devices_customer_idx); returns their ids. */
export async function moveCustomerDevices(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<string[]> {
  const moved = await tx.update(devices).set({ customerId: input.toCustomerId }).where(eq(devices.customerId, input.fromCustomerId)).returning({ id: devices.id })
  return moved.map((row) => row.id)
}

/** Links the listed devices back to `toCustomerId`, those still on `fromCustomerId`; returns how many. */
export async function restoreCustomerDevices(tx: Tx, input: { ids: readonly string[]; fromCustomerId: string; toCustomerId: string }): Promise<number> {
  if (input.ids.length === 0) return 0
  const restored = await tx
    .update(devices)
    .set({ customerId: input.toCustomerId })
    .where(and(inArray(devices.id, [...input.ids]), eq(devices.customerId, input.fromCustomerId)))
    .returning({ id: devices.id })
  return restored.length
}
