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

/** Orders placed, picked, readied, collected or cancelled for this store reach the stream as orders.* events. */
const LIVE_TYPES = ['orders.*']

export function useWorkQueue(locationId: string | null) {
  const key = ['work', locationId] as const
  const live = useEventInvalidation({ token: () => sessions.read()?.token, types: LIVE_TYPES, locationId, keys: [key], enabled: locationId !== null })
  const queue = useQuery({ queryKey: key, enabled: locationId !== null, staleTime: 60_000, queryFn: () => fetchWorkQueue(locationId!) })
  return { queue, live }
}

export type FulfilmentStep = { step: 'pick' | 'ready' | 'unlock' } | { step: 'collect'; pickupCode: string }

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
        case 'collect':
          return dataOf(api.POST('/v1/fulfilments/{id}/collect', { ...params, body: { pickupCode: action.pickupCode } }))
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['work', locationId] }),
  })
}
