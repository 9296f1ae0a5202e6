/** Pure rules of reviews: the moderation lifecycle, how a reviewer is named in public, and the average shown. */
import type { ReviewStatus } from './schema.js'

/**
 * Moderation: a submitted (or edited) review waits as `pending`; a moderator publishes, holds or rejects it; a held one
 * is published or rejected, a published one held or rejected; a rejection is final. Her own edit of a review that is
 * not rejected sends it back to `pending` (not a moderation step: the text changed, so the decision no longer applies).
 */
export const REVIEW_TRANSITIONS: Readonly<Record<ReviewStatus, readonly ReviewStatus[]>> = {
  pending: ['published', 'held', 'rejected'],
  held: ['published', 'rejected'],
  published: ['held', 'rejected'],
  rejected: [],
}

export function allowedReviewTransitions(from: ReviewStatus): readonly ReviewStatus[] {
  return REVIEW_TRANSITIONS[from]
}

/** Whether she may still edit it: any review but a rejected one. */
export function isEditable(status: ReviewStatus): boolean {
  return status !== 'rejected'
}

/**
 * How the public sees who wrote it: her first name and the initial of her last name ("Léa G."), never more; "Client"
 * when the profile has no first name (a walk-in registered by phone number only).
 */
export function reviewerName(firstName: string | null, lastName: string | null): string {
  const first = firstName?.trim() ?? ''
  if (first === '') return 'Client'
  const initial = [...(lastName?.trim() ?? '')][0]
  return initial ? `${first} ${initial.toLocaleUpperCase('fr')}.` : first
}

/** The average rating in integer tenths (4.25 → 43), rounded half up; null without ratings. */
export function averageTenths(sum: number, count: number): number | null {
  if (count === 0) return null
  return Math.floor((sum * 10) / count + 0.5)
}
