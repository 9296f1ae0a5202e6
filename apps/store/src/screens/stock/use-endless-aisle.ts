/**
 * An endless-aisle order: a cart on this store's channel for the customer (or a guest), checked out with the
 * fulfilment chosen and paid on the card terminal; the store channel attributes it to this store.
 */
import { useMutation } from '@tanstack/react-query'
import { dataOf } from '../../../../shared/api.js'
import { api } from '../../api.js'
import type { CheckoutBody } from './use-stock.js'

export interface EndlessAisleInput {
  channelId: string
  customerId: string | null
  variantId: string
  quantity: number
  fulfilment: CheckoutBody['fulfilment']
  contact?: CheckoutBody['contact']
  terminalReference: string
}

export function useEndlessAisleOrder() {
  return useMutation({
    mutationFn: async (input: EndlessAisleInput) => {
      const cart = await dataOf(api.POST('/v1/carts', { body: { channelId: input.channelId, customerId: input.customerId, lines: [{ variantId: input.variantId, quantity: input.quantity }] } }))
      return dataOf(
        api.POST('/v1/carts/{id}/checkout', {
          params: { path: { id: cart.id } },
          body: { fulfilment: input.fulfilment, ...(input.contact && { contact: input.contact }), payments: [{ method: 'card_terminal', terminalReference: input.terminalReference }] },
        }),
      )
    },
  })
}
