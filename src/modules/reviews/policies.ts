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
 * How the public sees who wrote it: the first word of her first name and the initial of her last name ("Léa G."),
 * never more (a first name typed as "Léa Garcia" still shows "Léa G."), at most 40 characters; "Client" when the
 * profile has no first name (a walk-in registered by phone number only). Stored with the review at submission and at
 * each edit, so that a later profile change neither bypasses moderation nor shows more of her name.
 */
export function reviewerName(firstName: string | null, lastName: string | null): string {
  const first = [...(firstName?.trim().split(/\s+/)[0] ?? '')].slice(0, 36).join('')
  if (first === '') return 'Client'
  const initial = [...(lastName?.trim() ?? '')][0]
  return initial ? `${first} ${initial.toLocaleUpperCase('fr')}.` : first
}

/** What a merge compares of two live reviews of one product (hers and the merged profile's). */
export interface MergeCandidate {
  id: string
  status: ReviewStatus
  updatedAt: Date
}

const MERGE_RANK: Readonly<Record<ReviewStatus, number>> = { published: 2, pending: 1, held: 1, rejected: 0 }

/**
 * Which of two reviews of one product a merge keeps live: a published one over a pending or held one over a rejected
 * one (a merge never hides what the public reads for what a moderator refused), then the last written, then the id.
 */
export function mergeKeeps<T extends MergeCandidate>(a: T, b: T): T {
  if (MERGE_RANK[a.status] !== MERGE_RANK[b.status]) return MERGE_RANK[a.status] > MERGE_RANK[b.status] ? a : b
  if (a.updatedAt.getTime() !== b.updatedAt.getTime()) return a.updatedAt > b.updatedAt ? a : b
  return a.id > b.id ? a : b
}

/** The average rating in integer tenths (4.25 → 43), rounded half up; null without ratings. */
export function averageTenths(sum: number, count: number): number | null {
  if (count === 0) return null
  return Math.floor((sum * 10) / count + 0.5)
}
