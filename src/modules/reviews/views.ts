/**
 * A review as the API shows it: to the public (published only, the reviewer as "Léa G."), and to her and to staff.
 * The reviewer's name is the one stored with the review (policies.ts reviewerName), never read from her profile now.
 */
import type { ChannelKind } from '../channels/service.js'
import type { reviews, ReviewStatus } from './schema.js'

export type ReviewRow = typeof reviews.$inferSelect

export interface PublicReviewView {
  id: string
  productId: string
  rating: number
  title: string | null
  body: string | null
  locale: string
  reviewer: string
  verifiedPurchase: boolean
  purchaseChannel: ChannelKind
  createdAt: string
  updatedAt: string
}

export interface ReviewView extends PublicReviewView {
  customerId: string
  orderId: string
  channelId: string
  status: ReviewStatus
  moderation: { note: string | null; by: { kind: string; id: string | null }; at: string } | null
  version: number
}

/** Who reads the full view: her (the author), who sees that staff decided but not which member of staff, or staff. */
export type ReviewReader = 'author' | 'staff'

function toPublic(row: ReviewRow): PublicReviewView {
  return {
    id: row.id,
    productId: row.productId,
    rating: row.rating,
    title: row.title,
    body: row.body,
    locale: row.locale,
    reviewer: row.reviewerName,
    verifiedPurchase: row.verifiedPurchase,
    purchaseChannel: row.channelKind,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function toFull(row: ReviewRow, reader: ReviewReader): ReviewView {
  const by = { kind: row.moderatedByKind ?? 'system', id: reader === 'staff' ? row.moderatedById : null }
  return {
    ...toPublic(row),
    customerId: row.customerId,
    orderId: row.orderId,
    channelId: row.channelId,
    status: row.status,
    moderation: row.moderatedAt ? { note: row.moderationNote, by, at: row.moderatedAt.toISOString() } : null,
    version: row.version,
  }
}

/** The public view of these rows. */
export function toPublicReviews(rows: readonly ReviewRow[]): PublicReviewView[] {
  return rows.map(toPublic)
}

/** The full view (status, moderation, version) of these rows, for her or for staff. */
export function toReviews(rows: readonly ReviewRow[], reader: ReviewReader): ReviewView[] {
  return rows.map((row) => toFull(row, reader))
}

export function toReview(row: ReviewRow, reader: ReviewReader): ReviewView {
  return toFull(row, reader)
}
