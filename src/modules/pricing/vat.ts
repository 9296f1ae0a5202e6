/**
 * VAT inside tax-inclusive amounts, per rate, rounded half up to the minor unit (the rule in service.ts's header).
 * Its own file so that the promotion engine (promotions/evaluate.ts), which service.ts re-exports, can use it.
 */

/** France's standard VAT rate (basis points): delivery is taxed at it. */
export const STANDARD_VAT_RATE = 2000

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
