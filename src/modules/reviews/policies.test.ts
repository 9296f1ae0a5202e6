import { describe, expect, it } from 'vitest'
import { allowedReviewTransitions, averageTenths, mergeKeeps, reviewerName, type MergeCandidate } from './policies.js'

describe('review policies', () => {
  it('names a reviewer by her first name and initial only', () => {
    expect(reviewerName('Léa', 'Garcia')).toBe('Léa G.')
    expect(reviewerName('  Éloïse ', 'élan')).toBe('Éloïse É.')
    expect(reviewerName('Léa', null)).toBe('Léa')
    expect(reviewerName(null, 'Garcia')).toBe('Client')
  })

  it('keeps only the first word of a first name typed as a full name, within 40 characters', () => {
    expect(reviewerName('Léa Garcia', 'Garcia')).toBe('Léa G.')
    expect(reviewerName('Léa Garcia', null)).toBe('Léa')
    expect([...reviewerName('A'.repeat(80), 'Garcia')].length).toBeLessThanOrEqual(40)
  })

  it('keeps on a merge the published review, then the pending or held one, then the last written', () => {
    const at = (iso: string) => new Date(iso)
    const old: MergeCandidate = { id: 'rev_a', status: 'published', updatedAt: at('2026-01-01T00:00:00Z') }
    const newer: MergeCandidate = { id: 'rev_b', status: 'pending', updatedAt: at('2026-06-01T00:00:00Z') }
    expect(mergeKeeps(old, newer)).toBe(old)
    expect(mergeKeeps(newer, { ...old, status: 'rejected' })).toBe(newer)
    expect(mergeKeeps({ ...old, status: 'held' }, newer)).toBe(newer)
    expect(mergeKeeps(newer, { ...newer, id: 'rev_c' }).id).toBe('rev_c')
  })

  it('averages in tenths, rounded half up', () => {
    expect(averageTenths(0, 0)).toBeNull()
    expect(averageTenths(13, 3)).toBe(43)
    expect(averageTenths(17, 4)).toBe(43) // 4.25
    expect(averageTenths(5, 1)).toBe(50)
  })

  it('makes a rejection final and never moves back to pending', () => {
    expect(allowedReviewTransitions('rejected')).toEqual([])
    for (const from of ['pending', 'held', 'published'] as const) expect(allowedReviewTransitions(from)).not.toContain('pending')
  })
})
