/**
 * Events of the reviews module, scoped to the reviewer (but review_removed, ids only and unscoped). Payloads carry ids, the rating and the status, never what she
 * wrote (title, body) nor a moderation note, nor which moderator decided: what the outbox keeps names nobody.
 */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'
import { CHANNEL_KINDS } from '../channels/service.js'

export const REVIEW_EVENTS = {
  submitted: 'reviews.review_submitted',
  published: 'reviews.review_published',
  held: 'reviews.review_held',
  rejected: 'reviews.review_rejected',
  removed: 'reviews.review_removed',
} as const

const Review = {
  reviewId: S.id(),
  productId: S.id(),
  customerId: S.id(),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
}
const Decision = { ...Review, from: Type.String({ maxLength: 20, description: 'The status it left' }), moderatorKind: S.text('staff or integration') }

export const REVIEW_EVENT_DEFINITIONS = defineEvents({
  [REVIEW_EVENTS.submitted]: {
    description: 'A customer submitted a review of a product she bought, or edited hers: it waits for moderation (pending). Scoped to her.',
    payload: payload({
      ...Review,
      orderId: S.id('The purchase that verifies it'),
      channelKind: Type.Unsafe<(typeof CHANNEL_KINDS)[number]>({ type: 'string', enum: [...CHANNEL_KINDS], maxLength: 20, description: 'The purchase channel’s kind' }),
      edited: Type.Boolean({ description: 'True for an edit of an existing review' }),
    }),
  },
  [REVIEW_EVENTS.published]: { description: 'A moderator published a review: it shows on the product. Scoped to the reviewer.', payload: payload(Decision) },
  [REVIEW_EVENTS.held]: { description: 'A moderator held a review (kept out of sight pending a further look). Scoped to the reviewer.', payload: payload(Decision) },
  [REVIEW_EVENTS.rejected]: { description: 'A moderator rejected a review; a rejection is final. Scoped to the reviewer.', payload: payload(Decision) },
  [REVIEW_EVENTS.removed]: {
    description: 'A published review left the product page without a moderator: her erasure deleted it, or a profile merge set it aside for her other review of the product. Ids only, not scoped to anyone: for what caches the page.',
    payload: payload({ reviewId: S.id(), productId: S.id(), reason: Type.Unsafe<'erased' | 'merged'>({ type: 'string', enum: ['erased', 'merged'], maxLength: 20, description: 'erased or merged' }) }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof REVIEW_EVENT_DEFINITIONS> {}
}
