/** Writing reviews: her submission of a product she bought, her edits, and a moderator's decisions. */
import { and, eq, isNull, sql } from 'drizzle-orm'
import { actorRefOf, can, forbidden, type Actor } from '../../platform/auth.js'
import { preconditionFailed, versionMatches, type ExpectedVersion } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { getProduct } from '../catalog/service.js'
import { customerNames, lockLiveCustomer } from '../customers/service.js'
import { findProductPurchase } from '../orders/service.js'
import { alreadyReviewed, customersOnly, emptyEdit, illegalReviewTransition, notPurchased, productNotFound, reviewNotFound, reviewRejected } from './errors.js'
import { REVIEW_EVENTS } from './events.js'
import { allowedReviewTransitions, isEditable, reviewerName } from './policies.js'
import { reviews, type ReviewStatus } from './schema.js'
import type { ReviewRow } from './views.js'

export interface ReviewText {
  rating: number
  title?: string | null
  body?: string | null
  locale?: string
}

function assertTransition(from: ReviewStatus, to: ReviewStatus): void {
  if (!allowedReviewTransitions(from).includes(to)) throw illegalReviewTransition(from, to, allowedReviewTransitions(from))
}

/** Empty or blank text is no text: a review without a title is stored as null, never as ''. */
const textOrNull = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value.trim() === '' ? null : value)

/**
 * Her review of a product she bought (any channel, an order paid or further along), pending moderation; her name as
 * the public sees it is stored with it. One live review per
 * customer and product: the unique index decides between concurrent submissions, and the loser is told which review
 * holds the place (409 review-exists).
 */
export async function submitReview(tx: Tx, input: { actor: Actor | null; productId: string; review: ReviewText }): Promise<ReviewRow> {
  if (input.actor?.kind !== 'customer') throw customersOnly()
  // Her row, locked FOR KEY SHARE: a merge or an erasure of her waits for this review, or this waits and is refused.
  const customer = await lockLiveCustomer(tx, { customerId: input.actor.id, field: '/headers/authorization' })
  // Any status: she may review what she bought although it is no longer sold (404 on /params/id for an unknown id).
  const product = await getProduct(tx, { idOrHandle: input.productId, audience: 'staff' })
  const purchase = await findProductPurchase(tx, { customerId: customer.id, productId: product.id })
  // A product not on sale that she did not buy is not there for her: the 404 of an unknown one, never a 403 that
  // would confirm a draft's id.
  if (!purchase && product.status !== 'active') throw productNotFound(input.productId)
  if (!purchase) throw notPurchased(product.id)
  const { rating, title, body, locale } = input.review
  // ON CONFLICT DO NOTHING on reviews_customer_product_key: a concurrent second submission waits for the first to
  // commit, then inserts nothing.
  const [row] = await tx
    .insert(reviews)
    .values({
      id: newId('rev'),
      customerId: customer.id,
      productId: product.id,
      orderId: purchase.orderId,
      channelId: purchase.channelId,
      channelKind: purchase.channelKind,
      reviewerName: reviewerName(customer.firstName, customer.lastName),
      rating,
      title: textOrNull(title) ?? null,
      body: textOrNull(body) ?? null,
      locale: locale ?? customer.locale,
    })
    .onConflictDoNothing()
    .returning()
  if (!row) {
    const [existing] = await tx
      .select({ id: reviews.id })
      .from(reviews)
      .where(and(eq(reviews.customerId, customer.id), eq(reviews.productId, product.id), isNull(reviews.supersededAt)))
    throw alreadyReviewed(product.id, existing?.id ?? 'unknown')
  }
  await emitSubmitted(tx, row, false)
  return row
}

/**
 * A live review (not set aside by a merge), locked for the write that follows; 404 when there is none, or when it is
 * not `ownerId`'s (the owner is in the WHERE, so that a stranger's request takes no lock).
 */
async function lockReview(tx: Tx, reviewId: string, ownerId?: string): Promise<ReviewRow> {
  const [row] = await tx
    .select()
    .from(reviews)
    .where(and(eq(reviews.id, reviewId), isNull(reviews.supersededAt), ownerId === undefined ? undefined : eq(reviews.customerId, ownerId)))
    .for('update')
  if (!row) throw reviewNotFound(reviewId)
  return row
}

/**
 * Her edit of her own review: the changed fields, and the review goes back to moderation (pending, the previous
 * decision cleared, her public name taken again from her profile); a rejected review is final (409). If-Match is
 * compared under the row lock.
 */
export async function editReview(tx: Tx, input: { actor: Actor | null; reviewId: string; changes: Partial<ReviewText>; expectedVersion?: ExpectedVersion }): Promise<ReviewRow> {
  const { actor, changes } = input
  if (actor?.kind === 'staff' || actor?.kind === 'integration') throw customersOnly()
  if (actor?.kind !== 'customer') throw reviewNotFound(input.reviewId)
  if (Object.values(changes).every((value) => value === undefined)) throw emptyEdit()
  const current = await lockReview(tx, input.reviewId, actor.id)
  if (!versionMatches(current.version, input.expectedVersion)) throw preconditionFailed('review', current.version)
  if (!isEditable(current.status)) throw reviewRejected(current.id)
  const name = (await customerNames(tx, [actor.id])).get(actor.id)
  const [row] = await tx
    .update(reviews)
    .set({
      ...(changes.rating !== undefined && { rating: changes.rating }),
      ...(changes.title !== undefined && { title: textOrNull(changes.title) }),
      ...(changes.body !== undefined && { body: textOrNull(changes.body) }),
      ...(changes.locale !== undefined && { locale: changes.locale }),
      reviewerName: reviewerName(name?.firstName ?? null, name?.lastName ?? null),
      status: 'pending',
      moderationNote: null,
      moderatedByKind: null,
      moderatedById: null,
      moderatedAt: null,
      updatedAt: sql`now()`,
    })
    .where(eq(reviews.id, current.id))
    .returning()
  if (!row) throw reviewNotFound(input.reviewId)
  await emitSubmitted(tx, row, true)
  return row
}

const DECISION_EVENTS = { published: REVIEW_EVENTS.published, held: REVIEW_EVENTS.held, rejected: REVIEW_EVENTS.rejected } as const

/**
 * A moderator's decision along REVIEW_TRANSITIONS, with an optional note, who and when; each one an event, which names
 * the kind of moderator but not the moderator (the events are scoped to the reviewer).
 */
export async function moderateReview(
  tx: Tx,
  input: { actor: Actor | null; reviewId: string; status: keyof typeof DECISION_EVENTS; note?: string; expectedVersion?: ExpectedVersion },
): Promise<ReviewRow> {
  if (!can(input.actor, 'reviews:moderate')) throw forbidden('reviews:moderate')
  const current = await lockReview(tx, input.reviewId)
  if (!versionMatches(current.version, input.expectedVersion)) throw preconditionFailed('review', current.version)
  assertTransition(current.status, input.status)
  const by = actorRefOf(input.actor)
  const [row] = await tx
    .update(reviews)
    .set({ status: input.status, moderationNote: textOrNull(input.note) ?? null, moderatedByKind: by.kind, moderatedById: by.id, moderatedAt: sql`now()` })
    .where(and(eq(reviews.id, current.id), eq(reviews.status, current.status)))
    .returning()
  if (!row) throw reviewNotFound(input.reviewId)
  await emit(
    tx,
    DECISION_EVENTS[input.status],
    { reviewId: row.id, productId: row.productId, customerId: row.customerId, rating: row.rating, from: current.status, moderatorKind: by.kind },
    { customerId: row.customerId },
  )
  return row
}

/** reviews.review_submitted, on her first submission and on each edit (both go to moderation). */
async function emitSubmitted(tx: Tx, row: typeof reviews.$inferSelect, edited: boolean): Promise<void> {
  const payload = { reviewId: row.id, productId: row.productId, customerId: row.customerId, rating: row.rating, orderId: row.orderId, channelKind: row.channelKind, edited }
  await emit(tx, REVIEW_EVENTS.submitted, payload, { customerId: row.customerId })
}
