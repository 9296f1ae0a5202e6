/** The desk's data: this store's work queue, kept live by the event stream, and the fulfilment steps that change it. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { dataOf } from '../../../../shared/api.js'
import { useEventInvalidation } from '../../../../shared/events.js'
import { api, sessions } from '../../api.js'

export type WorkQueue = Awaited<ReturnType<typeof fetchWorkQueue>>
export type WorkItem = WorkQueue['toHandOver'][number]

function fetchWorkQueue(locationId: string) {
  return dataOf(api.GET('/v1/locations/{id}/work', { params: { path: { id: locationId } } }))
}

/**
 * Orders placed, picked, readied, collected or cancelled for this store arrive as orders.* events scoped to it; an order
 * routed here from elsewhere (ship-from-store) shows as stock reserved here; units on their way as transfer events.
 */
const LIVE_TYPES = ['orders.*', 'inventory.stock_reserved', 'inventory.transfer_shipped', 'inventory.transfer_received']

export function useWorkQueue(locationId: string | null) {
  const key = ['work', locationId] as const
  const live = useEventInvalidation({ baseUrl: window.location.origin, token: () => sessions.read()?.token, types: LIVE_TYPES, locationId, keys: [key], enabled: locationId !== null })
  const queue = useQuery({ queryKey: key, enabled: locationId !== null, staleTime: 60_000, queryFn: () => fetchWorkQueue(locationId!) })
  return { queue, live }
}

export type FulfilmentStep =
  | { step: 'pick' | 'ready' | 'unlock' }
  | { step: 'collect'; pickupCode: string; terminalReference?: string }
  | { step: 'ship'; carrier: string; trackingNumber: string }

/** One step on a fulfilment; the queue is refetched after it, whatever the answer (a refusal may mean it moved on). */
export function useFulfilmentStep(locationId: string | null, fulfilmentId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (action: FulfilmentStep) => {
      const params = { params: { path: { id: fulfilmentId } } }
      switch (action.step) {
        case 'pick':
          return dataOf(api.POST('/v1/fulfilments/{id}/pick', params))
        case 'ready':
          return dataOf(api.POST('/v1/fulfilments/{id}/ready', params))
        case 'unlock':
          return dataOf(api.POST('/v1/fulfilments/{id}/unlock-pickup', params))
        case 'ship':
          return dataOf(api.POST('/v1/fulfilments/{id}/ship', { ...params, body: { carrier: action.carrier, trackingNumber: action.trackingNumber } }))
        case 'collect':
          // A reserve-in-store hold is paid at the counter, on the card terminal, as it is handed over.
          return dataOf(
            api.POST('/v1/fulfilments/{id}/collect', {
              ...params,
              body: { pickupCode: action.pickupCode, ...(action.terminalReference && { payments: [{ method: 'card_terminal' as const, terminalReference: action.terminalReference }] }) },
            }),
          )
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['work', locationId] }),
  })
}
