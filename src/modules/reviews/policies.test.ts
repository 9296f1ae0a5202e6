import { describe, expect, it } from 'vitest'
import { allowedReviewTransitions, averageTenths, reviewerName } from './policies.js'

describe('review policies', () => {
  it('names a reviewer by her first name and initial only', () => {
    expect(reviewerName('Léa', 'Garcia')).toBe('Léa G.')
    expect(reviewerName('  Éloïse ', 'élan')).toBe('Éloïse É.')
    expect(reviewerName('Léa', null)).toBe('Léa')
    expect(reviewerName(null, 'Garcia')).toBe('Client')
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
