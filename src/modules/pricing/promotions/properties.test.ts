/** Property-based checks (fast-check): whatever the cart and the promotions, the money adds up to the cent. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluatePromotions, type PromotionCart, type PromotionRule } from '../service.js'

const products = ['p0', 'p1', 'p2', 'p3']
const categories = ['c0', 'c1', 'c2']

const line = fc.record({
  productId: fc.constantFrom(...products),
  categoryIds: fc.subarray(categories),
  quantity: fc.integer({ min: 1, max: 6 }),
  unitPrice: fc.integer({ min: 0, max: 25_000 }),
  vatRate: fc.constantFrom(2000, 1000, 550, 210),
})

const target = fc.oneof(
  fc.constant({ scope: 'order' as const }),
  fc.record({ scope: fc.constant('items' as const), productIds: fc.subarray(products), categoryIds: fc.subarray(categories) }),
)
const itemTarget = fc.record({ scope: fc.constant('items' as const), productIds: fc.subarray(products), categoryIds: fc.subarray(categories) })

const common = fc.record({
  priority: fc.integer({ min: 0, max: 5 }),
  stacking: fc.constantFrom('exclusive' as const, 'combinable' as const),
  minSubtotal: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
})

const body = fc.oneof(
  fc.record({ kind: fc.constant('percent_off' as const), percent: fc.integer({ min: 1, max: 10_000 }), target }),
  fc.record({ kind: fc.constant('amount_off' as const), amount: fc.integer({ min: 0, max: 50_000 }), target }),
  fc.record({
    kind: fc.constant('buy_x_get_y' as const),
    buy: fc.integer({ min: 1, max: 3 }),
    get: fc.integer({ min: 1, max: 2 }),
    percent: fc.integer({ min: 1, max: 10_000 }),
    target: itemTarget,
  }),
  fc.record({
    kind: fc.constant('bundle_price' as const),
    productIds: fc.shuffledSubarray(products, { minLength: 2 }),
    price: fc.integer({ min: 0, max: 30_000 }),
  }),
  fc.record({ kind: fc.constant('free_shipping' as const) }),
)

const rules = fc
  .array(fc.tuple(common, body), { maxLength: 6 })
  .map((entries) => entries.map(([shared, kind], index): PromotionRule => ({ id: `r${index}`, name: `Rule ${index}`, ...shared, ...kind })))

const carts = fc
  .record({ lines: fc.array(line, { minLength: 1, maxLength: 8 }), fee: fc.integer({ min: 0, max: 1500 }) })
  .map(({ lines, fee }): PromotionCart => ({
    lines: lines.map((entry, index) => ({ ...entry, variantId: `v${index}` })),
    channel: { id: 'chn_web', kind: 'web' },
    customer: { id: null, groupCodes: [], loyaltyTier: null, isFirstOrder: true },
    shipping: { fee, vatRate: 2000 },
    now: new Date('2026-12-01T10:00:00.000Z'),
    currency: 'EUR',
  }))

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)

describe('evaluatePromotions (properties)', () => {
  it('line totals − discounts + shipping = total, and no discount exceeds its line or the fee', () => {
    fc.assert(
      fc.property(carts, rules, (cart, promotions) => {
        const { lines, totals, applied } = evaluatePromotions(cart, promotions)
        for (const priced of lines) {
          expect(priced.itemDiscount).toBeGreaterThanOrEqual(0)
          expect(priced.orderDiscount).toBeGreaterThanOrEqual(0)
          expect(priced.itemDiscount + priced.orderDiscount).toBeLessThanOrEqual(priced.lineTotal)
          expect(priced.total).toBe(priced.lineTotal - priced.itemDiscount - priced.orderDiscount)
          expect(sum(priced.discounts.map((entry) => entry.amount))).toBe(priced.itemDiscount + priced.orderDiscount)
        }
        expect(totals.shippingDiscount).toBeLessThanOrEqual(totals.shipping)
        expect(totals.subtotal).toBe(sum(lines.map((priced) => priced.lineTotal)))
        expect(totals.total).toBe(totals.subtotal - totals.itemDiscount - totals.orderDiscount + totals.shipping - totals.shippingDiscount)
        expect(totals.total).toBe(sum(lines.map((priced) => priced.total)) + totals.shipping - totals.shippingDiscount)
        expect(sum(applied.map((entry) => entry.amount))).toBe(totals.itemDiscount + totals.orderDiscount + totals.shippingDiscount)
      }),
      { numRuns: 500 },
    )
  })

  it('VAT lines add up to the total, each net + VAT = gross', () => {
    fc.assert(
      fc.property(carts, rules, (cart, promotions) => {
        const { totals } = evaluatePromotions(cart, promotions)
        expect(sum(totals.vat.map((line) => line.gross))).toBe(totals.total)
        for (const line of totals.vat) expect(line.net + line.vat).toBe(line.gross)
      }),
      { numRuns: 300 },
    )
  })

  it('prices the same cart identically on every channel when no promotion names one', () => {
    fc.assert(
      fc.property(carts, rules, fc.constantFrom('web', 'store', 'marketplace', 'kiosk'), (cart, promotions, kind) => {
        const elsewhere = { ...cart, channel: { id: `chn_${kind}`, kind } }
        expect(evaluatePromotions(elsewhere, promotions)).toEqual(evaluatePromotions(cart, promotions))
      }),
      { numRuns: 200 },
    )
  })

  it('reports every promotion exactly once, as applied or not applied', () => {
    fc.assert(
      fc.property(carts, rules, (cart, promotions) => {
        const result = evaluatePromotions(cart, promotions)
        const reported = [...result.applied.map((entry) => entry.id), ...result.notApplied.map((entry) => entry.id)].sort()
        expect(reported).toEqual(promotions.map((rule) => rule.id).sort())
      }),
      { numRuns: 200 },
    )
  })
})
