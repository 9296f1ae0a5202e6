import { DomainError, notFound } from '../../platform/problems.js'

export const tillSessionNotFound = (id: string, field = '/params/id') => notFound('Till session', id, field)

export const locationNotFound = (id: string) => notFound('Location', id, '/params/id')

export const registerAlreadyOpen = (register: string, sessionId: string | null) =>
  new DomainError({
    code: 'till-already-open',
    status: 409,
    title: 'Register already open',
    detail: `Register ${register} already has an open session${sessionId ? ` (${sessionId})` : ''}: close it before opening another.`,
    field: '/params/register',
    data: { register, openSessionId: sessionId },
  })

export const illegalTillTransition = (from: string, to: string, allowed: readonly string[]) =>
  new DomainError({
    code: 'illegal-transition',
    status: 409,
    title: 'Illegal status change',
    detail: `A till session that is ${from} cannot become ${to}${allowed.length > 0 ? `; it can become ${allowed.join(', ')}` : '; it is final'}.`,
    data: { from, to, allowed },
  })

export const tillSessionClosed = (id: string) =>
  new DomainError({ code: 'till-session-closed', status: 409, title: 'Till session closed', detail: `Till session ${id} is closed: open a new session to move cash.`, data: { sessionId: id } })

export const tillSessionStillOpen = (id: string) =>
  new DomainError({
    code: 'till-session-open',
    status: 409,
    title: 'Till session still open',
    detail: `Till session ${id} is still open: its Z report exists once it is closed. Read the X report meanwhile.`,
    data: { sessionId: id },
  })

export const currencyMismatch = (expected: string, field: string) =>
  new DomainError({ code: 'currency-mismatch', status: 400, title: 'Currency mismatch', detail: `This till session counts ${expected}: send amounts in ${expected}.`, field, data: { currency: expected } })

export const notAStore = (id: string) =>
  new DomainError({ code: 'not-a-store', status: 400, title: 'Not a store', detail: `Location ${id} is not an active store: only a store has tills.`, field: '/params/id' })

export const tillStaffOnly = () =>
  new DomainError({ code: 'forbidden', status: 403, title: 'Forbidden', detail: 'A till is operated by the staff of its store (associates and managers) or by an admin.' })

export const managersOnly = () =>
  new DomainError({ code: 'forbidden', status: 403, title: 'Forbidden', detail: "A store's day is for the store's managers and for admins." })

export const sessionHolderOnly = (action: string) =>
  new DomainError({
    code: 'forbidden',
    status: 403,
    title: 'Forbidden',
    detail: `Only the associate who opened this session, or a manager of its store or an admin, may ${action}.`,
    field: '/params/id',
  })
