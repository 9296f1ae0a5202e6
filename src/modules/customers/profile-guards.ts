/**
 * The two checks a write about a customer makes: who may act for her (herself, or staff holding a permission), and
 * whether her profile is live. A profile merged into another is a tombstone and an erased one is nobody any more:
 * neither takes new data, and neither can be logged into.
 * The liveness check locks the row FOR KEY SHARE until the transaction ends. Merges and erasures lock it FOR UPDATE,
 * which conflicts, so a write naming her and a merge or an erasure of her run one after the other: the write waits
 * and then finds the profile merged or erased, or the merge or erasure waits and then finds (and moves or erases)
 * what the write added. Concurrent writes take the shared lock together and do not wait for each other.
 */
import { eq } from 'drizzle-orm'
import { can, forbidden, type Actor, type Permission } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { notFound } from '../../platform/problems.js'
import { customerErased, customerMerged, customerNotFound } from './errors.js'
import { customers } from './schema.js'

// identifiers.ts (whose CustomerRow this is) checks liveness through this file: the row type is spelt out here.
type CustomerRow = typeof customers.$inferSelect

/** Throws unless the actor is the customer herself or staff (or an integration) holding `permission` (403 without it); anyone else gets the 404 of an unknown id. */
export function assertCustomerOrStaff(actor: Actor | null, customerId: string, permission: Permission): void {
  if (actor?.kind === 'customer' && actor.id === customerId) return
  if (actor?.kind === 'staff' || actor?.kind === 'integration') {
    if (!can(actor, permission)) throw forbidden(permission)
    return
  }
  throw customerNotFound(customerId)
}

/** The profile row, locked FOR KEY SHARE until the transaction ends (see the header); undefined for an unknown id. */
export async function lockCustomer(tx: Tx, customerId: string): Promise<CustomerRow | undefined> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('key share')
  return row
}

/** True for a profile neither merged into another nor erased. */
export function isLiveCustomer(row: Pick<CustomerRow, 'mergedIntoId' | 'erasedAt'>): boolean {
  return row.mergedIntoId === null && row.erasedAt === null
}

/** Throws 409 customer-merged or customer-erased, naming `field`, unless the profile is live. */
export function assertLiveCustomer(row: Pick<CustomerRow, 'id' | 'mergedIntoId' | 'erasedAt'>, field: string): void {
  if (row.mergedIntoId !== null) throw customerMerged(row.id, row.mergedIntoId, field)
  if (row.erasedAt !== null) throw customerErased(row.id, field)
}

/** The live profile named by `field`, locked as lockCustomer does; 404 on `field` when unknown, 409 when merged or erased. */
export async function lockLiveCustomer(tx: Tx, input: { customerId: string; field: string }): Promise<CustomerRow> {
  const row = await lockCustomer(tx, input.customerId)
  if (!row) throw notFound('Customer', input.customerId, input.field)
  assertLiveCustomer(row, input.field)
  return row
}
