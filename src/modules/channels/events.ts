/** Events of the channels module, scoped to the channel's store when it has one. */
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const CHANNEL_EVENTS = {
  created: 'channels.channel_created',
  updated: 'channels.channel_updated',
} as const

export const CHANNEL_EVENT_DEFINITIONS = defineEvents({
  [CHANNEL_EVENTS.created]: {
    description: 'A sales channel (web, store, kiosk…) was created.',
    payload: payload({ channelId: S.id(), code: S.text(), kind: S.id() }),
  },
  [CHANNEL_EVENTS.updated]: {
    description: 'Fields of a channel changed (`fulfilmentLocations` when the stores that fulfil it changed).',
    payload: payload({ channelId: S.id(), changed: S.changed() }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof CHANNEL_EVENT_DEFINITIONS> {}
}
