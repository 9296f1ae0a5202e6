/**
 * What a person does with a sale the server refused on sync (the /offline-sales screen): send it again once the cause
 * is fixed, record it without its coupons, or discard it with a reason — kept on the device, never deleted silently.
 */
import type { QueuedSale } from './db.js'
import { queuedSale, replaceSale, saveSale } from './queue.js'
import { syncNow } from './sync.js'

async function held(id: string): Promise<QueuedSale> {
  const sale = await queuedSale(id)
  if (!sale) throw new Error(`no sale ${id} on this device`)
  return sale
}

/** Back to the queue, tried now whatever its backoff. */
export async function retrySale(id: string): Promise<void> {
  const sale = await held(id)
  await saveSale({ ...sale, state: 'waiting', refusal: null })
  // A pass already running is joined by syncNow: wait for it, then send this one.
  await syncNow({ force: true })
  await syncNow({ force: true, onlyId: id })
}

/**
 * The same sale without its coupons, tried now. It gets a new id, hence new Idempotency-Keys: under the old keys the
 * server would answer the cart it already made, coupons applied. Safe because a refused sale has no order under its
 * old checkout key (the server keeps no record of a refused request). The tenders are left as taken: if the total
 * now differs, the server says so and the sale comes back here with that problem.
 */
export async function dropCouponsAndRetry(id: string, newId: string = crypto.randomUUID()): Promise<string> {
  const sale = await held(id)
  const next: QueuedSale = {
    ...sale,
    id: newId,
    draft: { ...sale.draft, id: newId, couponCodes: [] },
    state: 'waiting',
    attempts: 0,
    lastTriedAt: null,
    sentBy: null,
    refusal: null,
    editedFrom: sale.id,
  }
  await replaceSale(sale.id, next)
  await syncNow({ force: true })
  await syncNow({ force: true, onlyId: newId })
  return newId
}

/** Gives up on a sale, saying why and who; it stays listed as discarded. */
export async function discardSale(id: string, reason: string, by: string, now = new Date()): Promise<void> {
  const sale = await held(id)
  await saveSale({ ...sale, state: 'discarded', discard: { reason, by, at: now.toISOString() } })
}
