/**
 * Records a sale built at the till: a cart on the store channel with its lines (and customer and coupons), then its
 * checkout in store with the tenders — each call with the sale's own Idempotency-Key, so that sending it again never
 * makes a second order. The offline queue (../offline/) calls the same function when the network comes back.
 */
import { dataOf, type OmnicanalClient } from '../../../shared/api.js'
import type { Schemas } from '../api.js'
import { saleKeys, type SaleDraft } from './sale-draft.js'

export type RecordedOrder = Schemas['Order']

/** The order the server made of the sale; rejects with the ProblemError of the first call refused. */
export async function ringUpSale(api: OmnicanalClient, draft: SaleDraft): Promise<RecordedOrder> {
  const keys = saleKeys(draft)
  const cart = await dataOf(
    api.POST('/v1/carts', {
      headers: { 'Idempotency-Key': keys.cart },
      body: { channelId: draft.channelId, customerId: draft.customerId, lines: draft.lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity })) },
    }),
  )
  for (const code of draft.couponCodes) {
    await dataOf(api.POST('/v1/carts/{id}/coupons', { params: { path: { id: cart.id } }, headers: { 'Idempotency-Key': `${keys.cart}-coupon-${code}` }, body: { code } }))
  }
  return dataOf(
    api.POST('/v1/carts/{id}/checkout', {
      params: { path: { id: cart.id } },
      headers: { 'Idempotency-Key': keys.checkout },
      body: { fulfilment: { method: 'in_store' }, payments: draft.payments },
    }),
  )
}
