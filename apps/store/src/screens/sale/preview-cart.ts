/**
 * The priced preview of a new sale: one server cart per draft on the store channel, for the same customer, holding the
 * draft's lines and coupons, so the screen shows what promotions, coupons and her tier make of it exactly as checkout
 * will. The draft stays the sale: the preview is never checked out (ringUpSale records the draft); once the sale is
 * rung or dropped its customer is detached, so it never shows as one of her carts.
 */
import { dataOf, type OmnicanalClient } from '../../../../shared/api.js'
import type { SaleDraft } from '../../sales/sale-draft.js'
import type { Cart } from './sale-model.js'

/** Brings the preview cart to the draft's lines and coupons (creating it first); returns it priced. */
export async function syncPreview(api: OmnicanalClient, draft: SaleDraft, cartId: string | null): Promise<Cart> {
  if (!cartId) {
    return dataOf(
      api.POST('/v1/carts', {
        body: { channelId: draft.channelId, customerId: draft.customerId, lines: draft.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })) },
      }),
    ).then((cart) => syncCoupons(api, cart, draft))
  }
  const id = cartId
  let cart = await dataOf(api.GET('/v1/carts/{id}', { params: { path: { id } } }))
  for (const line of cart.lines) {
    const wanted = draft.lines.find((l) => l.variantId === line.variantId)
    if (!wanted) cart = await dataOf(api.DELETE('/v1/carts/{id}/lines/{lineId}', { params: { path: { id, lineId: line.id } } }))
    else if (wanted.quantity !== line.quantity)
      cart = await dataOf(api.PATCH('/v1/carts/{id}/lines/{lineId}', { params: { path: { id, lineId: line.id } }, body: { quantity: wanted.quantity } }))
  }
  for (const line of draft.lines) {
    if (!cart.lines.some((l) => l.variantId === line.variantId))
      cart = await dataOf(api.POST('/v1/carts/{id}/lines', { params: { path: { id } }, body: { variantId: line.variantId, quantity: line.quantity } }))
  }
  return syncCoupons(api, cart, draft)
}

async function syncCoupons(api: OmnicanalClient, start: Cart, draft: SaleDraft): Promise<Cart> {
  let cart = start
  const id = cart.id
  for (const coupon of cart.coupons) {
    if (!draft.couponCodes.some((code) => code.toUpperCase() === coupon.code.toUpperCase())) {
      cart = await dataOf(api.DELETE('/v1/carts/{id}/coupons/{code}', { params: { path: { id, code: coupon.code } } }))
    }
  }
  for (const code of draft.couponCodes) {
    if (!cart.coupons.some((coupon) => coupon.code.toUpperCase() === code.toUpperCase())) {
      cart = await dataOf(api.POST('/v1/carts/{id}/coupons', { params: { path: { id } }, body: { code } }))
    }
  }
  return cart
}

/** Lets go of a preview: its customer detached, it is nobody's cart and ages out with the anonymous ones. */
export async function releasePreview(api: OmnicanalClient, cartId: string): Promise<void> {
  await api.PATCH('/v1/carts/{id}', { params: { path: { id: cartId } }, body: { customerId: null } })
}
