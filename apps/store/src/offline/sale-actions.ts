/**
 * What a person does with a sale the server refused on sync (the /offline-sales screen): send it again once the cause
 * is fixed, record it without its coupons, or discard it with a reason — kept on the device, never deleted silently.
 */
import { dataOf, type OmnicanalClient } from '../../../shared/api.js'
import type { QueuedSale } from './db.js'
import { queuedSale, replaceSale, saveSale } from './queue.js'
import { syncNow } from './sync.js'

async function held(id: string): Promise<QueuedSale> {
  const sale = await queuedSale(id)
  if (!sale) throw new Error(`no sale ${id} on this device`)
  return sale
}

/**
 * Back to the queue, tried now whatever its backoff. `asManager`: a manager sends it although she did not sell it
 * (credited to her; sync-policy maySend).
 */
export async function retrySale(id: string, asManager = false): Promise<void> {
  const sale = await held(id)
  await saveSale({ ...sale, state: 'waiting', refusal: null })
  // A pass already running is joined by syncNow: wait for it, then send this one.
  await syncNow({ force: true })
  await syncNow({ force: true, onlyId: id, asManager })
}

/**
 * A manager sends another associate's waiting sale now (she is not signed in on this till): the order is then
 * credited to the manager (placedByStaffId), as the screen says before the click.
 */
export async function sendAsManager(id: string): Promise<void> {
  await syncNow({ force: true })
  await syncNow({ force: true, onlyId: id, asManager: true })
}

/**
 * The same sale without its coupons, tried now. It gets a new id, hence new Idempotency-Keys: under the old keys the
 * server would answer the cart it already made, coupons applied. Safe because a refused sale has no order under its
 * old checkout key (the server keeps no record of a refused request). The tenders are left as taken: if the total
 * now differs, the server says so and the sale comes back here with that problem.
 */
export async function dropCouponsAndRetry(id: string, asManager = false, newId: string = crypto.randomUUID()): Promise<string> {
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
  await syncNow({ force: true, onlyId: newId, asManager })
  return newId
}

/**
 * The goods left the shop, so the stock was higher than the server knew: raises it by the shortfall (a `correction`
 * adjustment, noted with the sale), then sends the sale again. The key names the sale and its attempt, so a double
 * click corrects once, and a second refusal after another sale took the stock again is a new correction.
 */
export async function correctStockAndRetry(api: OmnicanalClient, id: string, note: string, asManager = false): Promise<void> {
  const sale = await held(id)
  const shortfall = sale.refusal?.shortfall
  if (!shortfall) throw new Error(`sale ${id} was not refused for stock`)
  await dataOf(
    api.POST('/v1/inventory/adjustments', {
      headers: { 'Idempotency-Key': `sale-${id}-stock-${shortfall.variantId}-${sale.attempts}` },
      body: { locationId: sale.draft.locationId, variantId: shortfall.variantId, quantity: shortfall.quantity, reason: 'correction', note },
    }),
  )
  await retrySale(id, asManager)
}

/** Gives up on a sale, saying why and who; it stays listed as discarded. */
export async function discardSale(id: string, reason: string, by: string, now = new Date()): Promise<void> {
  const sale = await held(id)
  await saveSale({ ...sale, state: 'discarded', discard: { reason, by, at: now.toISOString() } })
}
