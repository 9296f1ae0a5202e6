/** Events of the locations module; payloads carry the location id, scoped to that location. */
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const LOCATION_EVENTS = {
  created: 'locations.location_created',
  updated: 'locations.location_updated',
} as const

export const LOCATION_EVENT_DEFINITIONS = defineEvents({
  [LOCATION_EVENTS.created]: {
    description: 'A store or warehouse was created. Scoped to it.',
    payload: payload({ locationId: S.id(), code: S.text(), kind: S.id() }),
  },
  [LOCATION_EVENTS.updated]: { description: 'Fields of a location changed. Scoped to it.', payload: payload({ locationId: S.id(), changed: S.changed() }) },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof LOCATION_EVENT_DEFINITIONS> {}
}
