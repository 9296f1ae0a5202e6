import { DomainError, notFound } from '../../platform/problems.js'

export const channelNotFound = (id: string) => notFound('Channel', id, '/params/id')

export const channelCodeTaken = (code: string) =>
  new DomainError({ code: 'channel-code-taken', status: 409, title: 'Channel code taken', detail: `Another channel already uses the code ${code}.`, field: '/body/code' })

export const channelLocationMismatch = (kind: string) =>
  new DomainError({
    code: 'channel-location-mismatch',
    status: 400,
    title: 'Channel location mismatch',
    detail: kind === 'store' || kind === 'kiosk' ? `A ${kind} channel belongs to a store location: give locationId.` : `A ${kind} channel has no location: leave locationId out.`,
    field: '/body/locationId',
  })

export const channelLocationNotStore = (locationId: string) =>
  new DomainError({ code: 'channel-location-not-store', status: 400, title: 'Not a store', detail: `Location ${locationId} is not a store (or does not exist).`, field: '/body/locationId' })
