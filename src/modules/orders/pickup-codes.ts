/**
 * Pickup codes against guessing. A fulfilment takes PICKUP_ATTEMPTS wrong codes in a row; the last one locks its
 * handover (`pickup_locked_at`) and tells the store: `orders.pickup_locked` on the outbox (the store's SSE and
 * webhooks) and `pickupLocked` on the item in its work queue. A locked pickup checks no code (423 pickup-locked) until a
 * manager of the pickup store (or an admin) unlocks it, having checked the customer's identity.
 *
 * A code is checked inside a transaction of its own holding the fulfilment's row (`admitPickupCode`, called by the
 * collect route before the request's transaction): a wrong code is counted there, and committed before anything is
 * answered, so the request failing (409) cannot roll the count back, and concurrent attempts are checked one at a
 * time — however many arrive at once, at most PICKUP_ATTEMPTS wrong codes are ever checked. A right code resets the
 * count (the handover may still fail for another reason, such as a payment outstanding).
 */
import { eq, sql } from 'drizzle-orm'
import { actorRefOf, canActAt, type Actor } from '../../platform/auth.js'
import type { Database, Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { fulfilmentNotFound, illegalTransition, notAPickup, pickupLocked, pickupUnlockForbidden, wrongPickupCode } from './errors.js'
import { ORDER_EVENTS } from './events.js'
import { orderScope } from './lifecycle.js'
import { canTransition, FULFILMENT_TRANSITIONS, mayUnlockPickup } from './policies.js'
import { fulfilments, orders } from './schema.js'
import { loadOrderView, type OrderView } from './views.js'

export const PICKUP_ATTEMPTS = 5

/** The counter where a fulfilment is handed over. */
const counterOf = (f: { pickupLocationId: string | null; sourceLocationId: string }) => f.pickupLocationId ?? f.sourceLocationId

/**
 * Checks a pickup code before the collect request's transaction, in one of its own: throws 404 (not the actor's
 * counter: nothing counted), 409 not-a-pickup or illegal-transition (a home delivery has no code, a fulfilment that is
 * not ready at the counter cannot be handed over: nothing to guess, nothing counted), 423 pickup-locked (no code
 * checked) or 409 wrong-pickup-code with the attempts left (the failure counted and committed, the PICKUP_ATTEMPTS-th
 * locking the handover and telling the store).
 */
export async function admitPickupCode(database: Database, input: { fulfilmentId: string; pickupCode: string; actor: Actor | null }): Promise<void> {
  const fault = await database.transaction(async (tx) => {
    // By primary key; the row lock makes concurrent attempts on one fulfilment wait for each other's count.
    const [row] = await tx.select().from(fulfilments).where(eq(fulfilments.id, input.fulfilmentId)).for('update')
    if (!row || !canActAt(input.actor, counterOf(row))) return fulfilmentNotFound(input.fulfilmentId)
    // What collect would answer anyway, before any code is checked: counting there would lock what cannot be collected.
    if (row.pickupLocationId === null) return notAPickup(row.id)
    if (!canTransition(FULFILMENT_TRANSITIONS, row.status, 'collected')) return illegalTransition('fulfilment', row.status, 'collected', FULFILMENT_TRANSITIONS[row.status])
    if (row.pickupLockedAt) return pickupLocked(row.id)
    if (row.pickupCode !== null && row.pickupCode === input.pickupCode) {
      if (row.pickupFailures > 0) await tx.update(fulfilments).set({ pickupFailures: 0, updatedAt: sql`now()` }).where(eq(fulfilments.id, row.id))
      return null
    }
    const failures = row.pickupFailures + 1
    const locks = failures >= PICKUP_ATTEMPTS
    await tx
      .update(fulfilments)
      .set({ pickupFailures: sql`${fulfilments.pickupFailures} + 1`, ...(locks && { pickupLockedAt: sql`now()` }), updatedAt: sql`now()` })
      .where(eq(fulfilments.id, row.id))
    if (locks) {
      const [order] = await tx.select().from(orders).where(eq(orders.id, row.orderId))
      const payload = { orderId: row.orderId, fulfilmentId: row.id, pickupLocationId: counterOf(row), failures }
      if (order) await emit(tx, ORDER_EVENTS.pickupLocked, payload, orderScope(order, counterOf(row)))
    }
    return wrongPickupCode(PICKUP_ATTEMPTS - failures)
  })
  if (fault) throw fault
}

/**
 * Unlocks a locked pickup and clears its count; only a manager of the pickup store or an admin (policies:
 * mayUnlockPickup); answers the order. Unlocking an unlocked pickup changes nothing and emits nothing. Emits
 * orders.pickup_unlocked.
 */
export async function unlockPickup(tx: Tx, input: { fulfilmentId: string; actor: Actor | null }): Promise<OrderView> {
  const [row] = await tx.select().from(fulfilments).where(eq(fulfilments.id, input.fulfilmentId)).for('update')
  if (!row || !canActAt(input.actor, counterOf(row))) throw fulfilmentNotFound(input.fulfilmentId)
  if (!mayUnlockPickup(input.actor)) throw pickupUnlockForbidden()
  const [unlocked] = await tx
    .update(fulfilments)
    .set({ pickupFailures: 0, pickupLockedAt: null, updatedAt: sql`now()` })
    .where(sql`${fulfilments.id} = ${row.id} and ${fulfilments.pickupLockedAt} is not null`)
    .returning({ id: fulfilments.id })
  const [order] = await tx.select().from(orders).where(eq(orders.id, row.orderId))
  if (!order) throw fulfilmentNotFound(input.fulfilmentId)
  const payload = { orderId: row.orderId, fulfilmentId: row.id, pickupLocationId: counterOf(row), unlockedBy: actorRefOf(input.actor) }
  if (unlocked) await emit(tx, ORDER_EVENTS.pickupUnlocked, payload, orderScope(order, counterOf(row)))
  return loadOrderView(tx, order, 'staff')
}
