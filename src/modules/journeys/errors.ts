/** Errors of the journeys module: reading a timeline and reporting touchpoints. */
import { DomainError, invalidInput, notFound } from '../../platform/problems.js'

/** Also what a caller gets for someone else's timeline: ids cannot be probed. */
export const customerNotFound = (id: string, field = '/params/id') => notFound('Customer', id, field)

export const unknownKind = (kind: string) => invalidInput('/query/kind', `Unknown touchpoint kind "${kind}".`, 'unknown-kind')

export const invalidPeriod = () => invalidInput('/query/until', 'until must come after since.', 'invalid-period')

export const kindNotReportable = (kind: string, field: string, detail: string) =>
  new DomainError({ code: 'touchpoint-not-allowed', status: 403, title: 'Touchpoint not allowed', detail: `You may not report ${kind}: ${detail}`, field, data: { kind } })

export const fieldNotApplicable = (field: string, kind: string) => invalidInput(field, `A ${kind} does not take this field.`, 'field-not-applicable')

export const fieldRequired = (field: string, detail: string) => invalidInput(field, detail, 'field-required')

export const locationRequired = (field: string, kind: string) => invalidInput(field, `A ${kind} happens in a store: give the locationId of one of your stores.`, 'location-required')

export const channelNotAllowed = (field: string, detail: string) => invalidInput(field, detail, 'channel-not-allowed')

export const occurredOutOfRange = (field: string, pastDays: number) =>
  invalidInput(field, `A touchpoint is reported within ${pastDays} days of when it happened, and not in the future.`, 'occurred-at-out-of-range')

export const unknownReference = (what: string, id: string, field: string) => notFound(what, id, field)
