import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocate, percentOf } from './service.js'

describe('percentOf', () => {
  it('rounds half up to the cent', () => {
    expect(percentOf(1999, 1000)).toBe(200) // 199.9
    expect(percentOf(1005, 1000)).toBe(101) // 100.5 → up
    expect(percentOf(1004, 1000)).toBe(100) // 100.4
    expect(percentOf(333, 5000)).toBe(167) // 166.5 → up
    expect(percentOf(5990, 2000)).toBe(1198)
  })

  it('rounds negative amounts symmetrically and keeps 0 % and 100 % exact', () => {
    expect(percentOf(-1005, 1000)).toBe(-101)
    expect(percentOf(4321, 0)).toBe(0)
    expect(percentOf(4321, 10_000)).toBe(4321)
  })

  it('refuses fractions of a cent and negative rates', () => {
    expect(() => percentOf(10.5, 1000)).toThrow(RangeError)
    expect(() => percentOf(100, -1)).toThrow(RangeError)
  })
})

describe('allocate', () => {
  it('splits by largest remainder so that the parts add up', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocate(1000, [5990, 2990, 1020])).toEqual([599, 299, 102])
    expect(allocate(1, [3000, 3000])).toEqual([1, 0])
    expect(allocate(7, [0, 10, 0, 10])).toEqual([0, 4, 0, 3])
  })

  it('breaks ties by index and gives the largest remainders first', () => {
    // 10 × 1/6 = 1.67, 10 × 2/6 = 3.33, 10 × 3/6 = 5: one unit left, to the largest remainder (index 0).
    expect(allocate(10, [1, 2, 3])).toEqual([2, 3, 5])
    expect(allocate(2, [1, 1, 1, 1])).toEqual([1, 1, 0, 0])
  })

  it('splits a negative amount like its opposite, and zero over zero weights', () => {
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33])
    expect(allocate(0, [0, 0])).toEqual([0, 0])
    expect(() => allocate(5, [0, 0])).toThrow(RangeError)
    expect(() => allocate(5, [-1, 2])).toThrow(RangeError)
  })

  it('always sums exactly and never gives a part more than its weight (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, share) => {
          const total = weights.reduce((sum, weight) => sum + weight, 0)
          fc.pre(total > 0)
          const amount = Math.floor(total * share)
          const parts = allocate(amount, weights)
          expect(parts.reduce((sum, part) => sum + part, 0)).toBe(amount)
          parts.forEach((part, index) => {
            expect(part).toBeGreaterThanOrEqual(0)
            expect(part).toBeLessThanOrEqual(weights[index] ?? 0)
          })
        },
      ),
    )
  })
})
