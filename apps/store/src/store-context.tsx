/**
 * The store the associate serves from: her one store, or the one she picked among hers (kept on the device), with its
 * location and its store channel — what sales, handoffs, stock and the desk are about.
 */
import { useQuery } from '@tanstack/react-query'
import { createContext, useContext, useState, type ReactNode } from 'react'
import { dataOf } from '../../shared/api.js'
import { useSession } from '../../shared/session.js'
import { api, type Schemas, type StaffUser } from './api.js'

const PICK_KEY = 'omnicanal.store.location'

export interface StoreContext {
  locationIds: string[]
  locationId: string | null
  pick(locationId: string): void
  location: Schemas['Location'] | undefined
  channel: Schemas['Channel'] | undefined
  isPending: boolean
  error: unknown
}

/** Forgets the store picked on this device (at sign-out: the next associate picks her own). */
export function forgetPickedStore(): void {
  localStorage.removeItem(PICK_KEY)
}

const Context = createContext<StoreContext | null>(null)

/** The associate's current store, for every screen below; admins (bound to no store) pick any store location. */
export function StoreProvider({ children }: { children: ReactNode }) {
  return <Context.Provider value={useStoreValue()}>{children}</Context.Provider>
}

/** The store the screens work for; throws outside StoreProvider. */
export function useStore(): StoreContext {
  const value = useContext(Context)
  if (!value) throw new Error('useStore outside StoreProvider')
  return value
}

function useStoreValue(): StoreContext {
  const { session } = useSession<StaffUser>()
  const locationIds = session?.user.locationIds ?? []
  const [picked, setPicked] = useState(() => localStorage.getItem(PICK_KEY))
  const locationId = locationIds.length === 1 ? locationIds[0]! : picked && (locationIds.length === 0 || locationIds.includes(picked)) ? picked : (locationIds[0] ?? null)
  const location = useQuery({
    queryKey: ['location', locationId],
    enabled: locationId !== null,
    staleTime: 3_600_000,
    queryFn: () => dataOf(api.GET('/v1/locations/{id}', { params: { path: { id: locationId! } } })),
  })
  const channel = useQuery({
    queryKey: ['store-channel', locationId],
    enabled: locationId !== null,
    staleTime: 3_600_000,
    queryFn: async () => (await dataOf(api.GET('/v1/channels', { params: { query: { kind: 'store', locationId: locationId! } } }))).items.find((c) => c.active) ?? null,
  })
  return {
    locationIds,
    locationId,
    pick(id) {
      localStorage.setItem(PICK_KEY, id)
      setPicked(id)
    },
    location: location.data,
    channel: channel.data ?? undefined,
    isPending: location.isPending || channel.isPending,
    error: location.error ?? channel.error,
  }
}
