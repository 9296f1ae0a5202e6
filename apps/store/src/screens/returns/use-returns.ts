/** The returns screen's data: the order as the store may read it, its earlier returns, and taking a return here. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { dataOf } from '../../../../shared/api.js'
import type { paths } from '@omnicanal/client'
import { api, type Schemas } from '../../api.js'

export type Order = Schemas['Order']
export type Return = Schemas['Return']
export type ReturnBody = paths['/v1/orders/{id}/returns']['post']['requestBody']['content']['application/json']
export type ReturnReason = Return['lines'][number]['reason']
export type Condition = NonNullable<Return['lines'][number]['condition']>

export const REASONS: ReturnReason[] = ['wrong_size', 'not_as_described', 'damaged', 'changed_mind', 'late', 'other']

export function useOrder(orderId: string) {
  return useQuery({ queryKey: ['order', orderId], queryFn: () => dataOf(api.GET('/v1/orders/{id}', { params: { path: { id: orderId } } })) })
}

export function useOrderReturns(orderId: string) {
  return useQuery({ queryKey: ['order-returns', orderId], queryFn: async () => (await dataOf(api.GET('/v1/orders/{id}/returns', { params: { path: { id: orderId }, query: { limit: 50 } } }))).items })
}

/** Takes a return at this store; the order and its returns are read again after it (returned quantities moved). */
export function useTakeReturn(orderId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: ReturnBody) => dataOf(api.POST('/v1/orders/{id}/returns', { params: { path: { id: orderId } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['order', orderId] })
      void queryClient.invalidateQueries({ queryKey: ['order-returns', orderId] })
    },
  })
}

/** Receives here a return announced by mail or phone (a parcel opened at the counter). */
export function useReceiveReturn(orderId: string, locationId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (returnId: string) => dataOf(api.POST('/v1/returns/{id}/receive', { params: { path: { id: returnId } }, body: { locationId } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['order-returns', orderId] }),
  })
}
