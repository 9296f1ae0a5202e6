/** A review as the API shows it: to the public (published only, the reviewer as "Léa G."), and to her and to staff. */
import type { Tx } from '../../platform/db.js'
import type { ChannelKind } from '../channels/service.js'
import { customerNames } from '../customers/service.js'
import { reviewerName } from './policies.js'
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
  verifiedPurchase: true
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

type Names = Map<string, { firstName: string | null; lastName: string | null }>

function toPublic(row: ReviewRow, names: Names): PublicReviewView {
  const name = names.get(row.customerId)
  return {
    id: row.id,
    productId: row.productId,
    rating: row.rating,
    title: row.title,
    body: row.body,
    locale: row.locale,
    reviewer: reviewerName(name?.firstName ?? null, name?.lastName ?? null),
    verifiedPurchase: true,
    purchaseChannel: row.channelKind,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function toFull(row: ReviewRow, names: Names): ReviewView {
  return {
    ...toPublic(row, names),
    customerId: row.customerId,
    orderId: row.orderId,
    channelId: row.channelId,
    status: row.status,
    moderation: row.moderatedAt ? { note: row.moderationNote, by: { kind: row.moderatedByKind ?? 'system', id: row.moderatedById }, at: row.moderatedAt.toISOString() } : null,
    version: row.version,
  }
}

/** The public view of these rows, the reviewers' names read in one query. */
export async function toPublicReviews(tx: Tx, rows: readonly ReviewRow[]): Promise<PublicReviewView[]> {
  const names = await customerNames(tx, rows.map((row) => row.customerId))
  return rows.map((row) => toPublic(row, names))
}

/** The full view (status, moderation, version) of these rows, for her and for staff. */
export async function toReviews(tx: Tx, rows: readonly ReviewRow[]): Promise<ReviewView[]> {
  const names = await customerNames(tx, rows.map((row) => row.customerId))
  return rows.map((row) => toFull(row, names))
}

export async function toReview(tx: Tx, row: ReviewRow): Promise<ReviewView> {
  const [view] = await toReviews(tx, [row])
  return view!
}
