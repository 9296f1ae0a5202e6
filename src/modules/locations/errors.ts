import { DomainError, notFound } from '../../platform/problems.js'

export const locationNotFound = (id: string) => notFound('Location', id, '/params/id')

export const locationCodeTaken = (code: string) =>
  new DomainError({ code: 'location-code-taken', status: 409, title: 'Location code taken', detail: `Another location already uses the code ${code}.`, field: '/body/code' })

export const invalidOpeningHours = (detail: string) =>
  new DomainError({ code: 'invalid-opening-hours', status: 400, title: 'Invalid opening hours', detail, field: '/body/openingHours' })

export const invalidTimezone = (timezone: string) =>
  new DomainError({ code: 'invalid-timezone', status: 400, title: 'Invalid time zone', detail: `${timezone} is not an IANA time zone such as Europe/Paris.`, field: '/body/timezone' })
