/**
 * The till screen's data: the register this device is (kept on the device), its sessions, the X and Z reports, and
 * the three things a cashier does to it (open, move cash, close). Every change refreshes the register and its report.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { dataOf } from '../../../../shared/api.js'
import type { Money } from '../../../../shared/format.js'
import { api, type Schemas } from '../../api.js'

export type TillSession = Schemas['TillSession']
export type TillReport = Schemas['TillReport']

const REGISTER_KEY = 'omnicanal.store.register'
/** The API's own pattern for a register (`/params/register`): checked here so a typo never reaches it as a 400. */
export const REGISTER_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/
export const DEFAULT_REGISTER = 'till-1'
/** The store's currency: stores of this deployment sell in euros; a session keeps the currency of its float. */
export const STORE_CURRENCY = 'EUR'

/** Which register this device is: one per counter, so it is a setting of the device, not of the associate. */
export function useRegisterName(): [string, (name: string) => void] {
  const [name, setName] = useState(() => {
    const kept = localStorage.getItem(REGISTER_KEY)
    return kept && REGISTER_PATTERN.test(kept) ? kept : DEFAULT_REGISTER
  })
  return [
    name,
    (next) => {
      localStorage.setItem(REGISTER_KEY, next)
      setName(next)
    },
  ]
}

export function useRegister(locationId: string | null, register: string) {
  return useQuery({
    queryKey: ['till-register', locationId, register],
    enabled: locationId !== null,
    queryFn: () => dataOf(api.GET('/v1/locations/{id}/tills/{register}', { params: { path: { id: locationId!, register } } })),
  })
}

/** The X report of an open session; read again on demand (sales keep arriving while the till is open). */
export function useXReport(sessionId: string) {
  return useQuery({
    queryKey: ['till-x', sessionId],
    staleTime: 0,
    queryFn: () => dataOf(api.GET('/v1/till-sessions/{id}/x-report', { params: { path: { id: sessionId } } })),
  })
}

/** A closed session's Z report: frozen, so read once. */
export function useZReport(sessionId: string | null) {
  return useQuery({
    queryKey: ['till-z', sessionId],
    enabled: sessionId !== null,
    staleTime: Infinity,
    queryFn: () => dataOf(api.GET('/v1/till-sessions/{id}/z-report', { params: { path: { id: sessionId! } } })),
  })
}

/** `onClosed` is told here, not in mutate(): the close unmounts the open session's form before mutate's callbacks run. */
export function useTillActions(locationId: string | null, register: string, onClosed?: (sessionId: string) => void) {
  const client = useQueryClient()
  const refresh = () => client.invalidateQueries({ predicate: (q) => ['till-register', 'till-x'].includes(String(q.queryKey[0])) })
  const open = useMutation({
    mutationFn: (float: Money) => dataOf(api.POST('/v1/locations/{id}/tills/{register}/sessions', { params: { path: { id: locationId!, register } }, body: { float } })),
    onSuccess: refresh,
  })
  const move = useMutation({
    mutationFn: (input: { sessionId: string; direction: 'in' | 'out'; amount: Money; reason: string }) =>
      dataOf(api.POST('/v1/till-sessions/{id}/cash-movements', { params: { path: { id: input.sessionId } }, body: { direction: input.direction, amount: input.amount, reason: input.reason } })),
    onSuccess: refresh,
  })
  const close = useMutation({
    mutationFn: (input: { sessionId: string; counted: Money; note: string }) =>
      dataOf(api.POST('/v1/till-sessions/{id}/close', { params: { path: { id: input.sessionId } }, body: { counted: input.counted, ...(input.note.trim() ? { note: input.note.trim() } : {}) } })),
    onSuccess: (answer) => {
      client.setQueryData(['till-z', answer.session.id], answer.report)
      onClosed?.(answer.session.id)
      return refresh()
    },
  })
  return { open, move, close }
}
