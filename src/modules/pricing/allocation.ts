/**
 * Rounding and allocation, defined once for every amount pricing splits or scales: integer minor units in, integer
 * minor units out, no floating point. `percentOf` rounds half up (away from zero for negative amounts), like vatOf;
 * `allocate` splits an amount by largest remainder, so its parts always add up to the amount exactly.
 */

function assertInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer in minor units`)
}

/** `amount × basisPoints / 10000` rounded half up (2000 = 20 %); negative amounts round symmetrically. */
export function percentOf(amount: number, basisPoints: number): number {
  assertInteger(amount, 'amount')
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) throw new RangeError('basisPoints must be a non-negative integer')
  const sign = amount < 0 ? -1 : 1
  // BigInt keeps the product exact beyond 2^53 (an amount of 10^12 cents times 10^4).
  const numerator = BigInt(Math.abs(amount)) * BigInt(basisPoints)
  return sign * Number((2n * numerator + 10_000n) / 20_000n)
}

/**
 * Splits `amount` over `weights` in proportion, by largest remainder: each part is floor(amount × w / Σw), then the
 * units left over go one each to the parts with the largest remainders, ties to the lowest index. The parts add up to
 * `amount` exactly, and when 0 ≤ amount ≤ Σw no part exceeds its weight. A negative amount splits like its opposite.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  assertInteger(amount, 'amount')
  for (const weight of weights) if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError('weights must be non-negative integers')
  if (amount < 0) return allocate(-amount, weights).map((part) => -part || 0)
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  if (total === 0) {
    if (amount === 0) return weights.map(() => 0)
    throw new RangeError('cannot allocate a non-zero amount over zero weights')
  }
  const big = BigInt(amount)
  const bigTotal = BigInt(total)
  const parts = weights.map((weight) => Number((big * BigInt(weight)) / bigTotal))
  const remainders = weights.map((weight) => (big * BigInt(weight)) % bigTotal)
  let left = amount - parts.reduce((sum, part) => sum + part, 0)
  const order = weights
    .map((_, index) => index)
    .sort((a, b) => {
      const ra = remainders[a] ?? 0n
      const rb = remainders[b] ?? 0n
      return ra === rb ? a - b : rb > ra ? 1 : -1
    })
  for (const index of order) {
    if (left === 0) break
    parts[index] = (parts[index] ?? 0) + 1
    left -= 1
  }
  return parts
}
