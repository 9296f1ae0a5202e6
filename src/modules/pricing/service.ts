/**
 * Pricing: how tax-inclusive prices break down into VAT, defined once for carts, orders and returns.
 * Owns no table yet (price lists, promotions and coupons arrive with the pricing issue).
 * Invariants: amounts are integer minor units, tax included; VAT is computed per rate on the sum of the amounts at
 * that rate, `vat = round_half_up(gross × rate / (10000 + rate))` with rates in basis points, and `net = gross − vat`,
 * so a breakdown always adds up to its total to the cent.
 * Events: none.
 */

export interface Money {
  amount: number
  currency: string
}

/** A tax-inclusive amount and the VAT rate (basis points: 2000 = 20 %) it carries. */
export interface TaxableAmount {
  amount: number
  vatRate: number
}

export interface VatLine {
  /** Basis points: 2000 = 20 %. */
  rate: number
  /** Tax-inclusive total at this rate. */
  gross: number
  net: number
  vat: number
}

/** The VAT inside a tax-inclusive amount, rounded half up to the minor unit (negative amounts round symmetrically). */
export function vatOf(gross: number, rate: number): number {
  if (!Number.isSafeInteger(gross) || !Number.isSafeInteger(rate) || rate < 0) throw new RangeError('vatOf takes integer minor units and a rate in basis points')
  const sign = gross < 0 ? -1 : 1
  const numerator = Math.abs(gross) * rate
  const denominator = 10_000 + rate
  // Integer half-up rounding: no floating point in money.
  return sign * Math.floor((2 * numerator + denominator) / (2 * denominator))
}

/** One line per VAT rate, highest rate first; the gross amounts add up to the sum of `items`. */
export function vatBreakdown(items: readonly TaxableAmount[]): VatLine[] {
  const grossByRate = new Map<number, number>()
  for (const item of items) grossByRate.set(item.vatRate, (grossByRate.get(item.vatRate) ?? 0) + item.amount)
  return [...grossByRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, gross]) => {
      const vat = vatOf(gross, rate)
      return { rate, gross, net: gross - vat, vat }
    })
}

/** The sum of the VAT of a breakdown. */
export function vatTotal(lines: readonly VatLine[]): number {
  return lines.reduce((sum, line) => sum + line.vat, 0)
}
