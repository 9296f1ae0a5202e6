/**
 * A customer's cart the seller took over (the 360's "take over this cart"): the screen works on that server cart
 * itself — lines, coupons, and its checkout in store with the tenders — so it is her web cart that closes.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef } from 'react'
import { dataOf } from '../../../../shared/api.js'
import { api } from '../../api.js'
import type { Tender } from '../../sales/sale-draft.js'
import type { Cart, PickedVariant, SaleModel } from './sale-model.js'

export function useCartSale(cartId: string): SaleModel & { query: { isPending: boolean; error: unknown; refetch: () => unknown } } {
  const queryClient = useQueryClient()
  const key = ['sale-cart', cartId]
  const cart = useQuery({ queryKey: key, queryFn: () => dataOf(api.GET('/v1/carts/{id}', { params: { path: { id: cartId } } })) })
  // One Idempotency-Key per payment attempt: a retry after a lost answer replays it; new tenders after a refusal get a new one.
  const attempt = useRef(0)
  const save = (next: Cart) => queryClient.setQueryData(key, next)
  const lineOf = (variantId: string) => cart.data?.lines.find((l) => l.variantId === variantId)
  const data = cart.data ?? null
  return {
    kind: 'cart',
    customerId: data?.customerId ?? null,
    lines: (data?.lines ?? []).map((line) => ({
      variantId: line.variantId,
      sku: line.sku,
      title: line.title,
      options: line.options,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      total: line.total,
      discountTotal: line.discountTotal,
    })),
    cart: data,
    pricing: { isPending: cart.isFetching, error: null },
    coupons: data?.coupons.map((c) => c.code) ?? [],
    query: { isPending: cart.isPending, error: cart.error, refetch: () => cart.refetch() },
    async add(variant: PickedVariant) {
      const line = lineOf(variant.id)
      save(
        line
          ? await dataOf(
              api.PATCH('/v1/carts/{id}/lines/{lineId}', { params: { path: { id: cartId, lineId: line.id } }, body: { quantity: line.quantity + 1 } }),
            )
          : await dataOf(api.POST('/v1/carts/{id}/lines', { params: { path: { id: cartId } }, body: { variantId: variant.id, quantity: 1 } })),
      )
    },
    async setQuantity(variantId, quantity) {
      const line = lineOf(variantId)
      if (line)
        save(
          await dataOf(
            api.PATCH('/v1/carts/{id}/lines/{lineId}', { params: { path: { id: cartId, lineId: line.id } }, body: { quantity: Math.max(1, quantity) } }),
          ),
        )
    },
    async remove(variantId) {
      const line = lineOf(variantId)
      if (line) save(await dataOf(api.DELETE('/v1/carts/{id}/lines/{lineId}', { params: { path: { id: cartId, lineId: line.id } } })))
    },
    async addCoupon(code) {
      save(await dataOf(api.POST('/v1/carts/{id}/coupons', { params: { path: { id: cartId } }, body: { code } })))
    },
    async removeCoupon(code) {
      save(await dataOf(api.DELETE('/v1/carts/{id}/coupons/{code}', { params: { path: { id: cartId, code } } })))
    },
    async pay(tenders: Tender[]) {
      try {
        return await dataOf(
          api.POST('/v1/carts/{id}/checkout', {
            params: { path: { id: cartId } },
            headers: { 'Idempotency-Key': `till-${cartId}-checkout-${attempt.current}` },
            body: { fulfilment: { method: 'in_store' }, payments: tenders, ...(data ? { expectedTotal: data.totals.total.amount } : {}) },
          }),
        )
      } catch (error) {
        if (!(error instanceof TypeError)) attempt.current += 1
        throw error
      }
    },
  }
}
