import { describe, expect, it } from 'vitest'
import { nextTierAfter, pointsForGoods, pointsToReverse, takeFrom, tierFor } from './policies.js'

describe('pointsForGoods', () => {
  it('earns per whole euro of goods paid, cents never adding up', () => {
    expect(pointsForGoods(14430, 1)).toBe(144)
    expect(pointsForGoods(4999, 1)).toBe(49)
    expect(pointsForGoods(99, 1)).toBe(0)
    expect(pointsForGoods(2450, 3)).toBe(72)
    expect(pointsForGoods(0, 5)).toBe(0)
    expect(pointsForGoods(10000, 0)).toBe(0)
  })
})

describe('pointsToReverse', () => {
  it('takes back the returned goods’ share of what was earned, the last unit taking the rest', () => {
    // 3 × 33.50 €: 100 points earned; one unit alone is worth 33.
    expect(pointsToReverse({ earned: 100, goodsPaid: 10050, goodsRefundedBefore: 0, goodsRefunded: 3350 })).toBe(33)
    expect(pointsToReverse({ earned: 100, goodsPaid: 10050, goodsRefundedBefore: 3350, goodsRefunded: 3350 })).toBe(33)
    expect(pointsToReverse({ earned: 100, goodsPaid: 10050, goodsRefundedBefore: 6700, goodsRefunded: 3350 })).toBe(34)
  })

  it('never takes back more than the order earned, and follows what it earned whatever the rate since', () => {
    // Earned at 2 points per euro on 100 €: half the goods back takes back half, not the current rate's figure.
    expect(pointsToReverse({ earned: 200, goodsPaid: 10000, goodsRefundedBefore: 0, goodsRefunded: 5000 })).toBe(100)
    expect(pointsToReverse({ earned: 50, goodsPaid: 10000, goodsRefundedBefore: 10000, goodsRefunded: 10000 })).toBe(0)
    expect(pointsToReverse({ earned: 0, goodsPaid: 10000, goodsRefundedBefore: 0, goodsRefunded: 10000 })).toBe(0)
  })

  it('sums over any split of the returns to what the order earned', () => {
    for (let trial = 0; trial < 200; trial++) {
      const units = Array.from({ length: 1 + (trial % 6) }, (_, i) => 100 + ((trial * 7919 + i * 104729) % 9000))
      const total = units.reduce((a, b) => a + b, 0)
      const earned = pointsForGoods(total, 1 + (trial % 3))
      let before = 0
      let reversed = 0
      for (const goods of units) {
        reversed += pointsToReverse({ earned, goodsPaid: total, goodsRefundedBefore: before, goodsRefunded: goods })
        before += goods
      }
      expect(reversed).toBe(earned)
    }
  })
})

describe('tiers', () => {
  const tiers = [
    { code: 'or', threshold: 1500 },
    { code: 'membre', threshold: 0 },
    { code: 'argent', threshold: 500 },
  ]
  it('places a lifetime in the highest threshold at or below it, and names the next one', () => {
    expect(tierFor(tiers, 0)?.code).toBe('membre')
    expect(tierFor(tiers, 499)?.code).toBe('membre')
    expect(tierFor(tiers, 500)?.code).toBe('argent')
    expect(tierFor(tiers, 99999)?.code).toBe('or')
    expect(tierFor(tiers.slice(0, 1), 10)).toBeNull()
    expect(nextTierAfter(tiers, 620)?.code).toBe('or')
    expect(nextTierAfter(tiers, 1500)).toBeNull()
  })
})

describe('takeFrom', () => {
  it('never takes a balance below zero and says what is missing', () => {
    expect(takeFrom(34, 59)).toEqual({ taken: 34, shortfall: 25 })
    expect(takeFrom(100, 59)).toEqual({ taken: 59, shortfall: 0 })
    expect(takeFrom(0, 10)).toEqual({ taken: 0, shortfall: 10 })
  })
})
