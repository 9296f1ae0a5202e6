/**
 * One reference convention for every view (README "The API in brief"): a reference to another resource is always an
 * id field named after what it is (`channelId`, `customerId`, `locationId`, or with its role: `pickupLocationId`),
 * present even when null. Where the reader needs more than the id (a screen that shows a name: the 360, the timeline,
 * a customer's carts), the view adds an embedded summary beside it, named like the id field without `Id`
 * (`channel`, `location`), in the one shape declared here, never instead of the id.
 */
import { Type, type Static } from 'typebox'

const closed = { additionalProperties: false } as const

/** What a view embeds of a sales channel beside its `channelId`. */
export const ChannelSummary = Type.Object(
  { id: Type.String(), code: Type.String(), name: Type.String(), kind: Type.String({ examples: ['web'] }) },
  { ...closed, description: 'The channel the id names, embedded for display' },
)
export type ChannelSummary = Static<typeof ChannelSummary>

/** What a view embeds of a location beside its `locationId`. */
export const LocationSummary = Type.Object(
  { id: Type.String(), code: Type.String(), name: Type.String() },
  { ...closed, description: 'The location the id names, embedded for display' },
)
export type LocationSummary = Static<typeof LocationSummary>

/** The summary of a channel row or view (extra fields dropped). */
export function channelSummaryOf(channel: ChannelSummary): ChannelSummary {
  return { id: channel.id, code: channel.code, name: channel.name, kind: channel.kind }
}
