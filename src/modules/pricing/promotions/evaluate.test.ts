import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { evaluatePromotions, PromotionRule, type PromotionCart } from '../service.js'

const now = new Date('2026-12-01T10:00:00.000Z')
const web = { id: 'chn_web', kind: 'web' }
const marketplace = { id: 'chn_marketplace', kind: 'marketplace' }
const guest = { id: null, groupCodes: [], loyaltyTier: null, isFirstOrder: true }

/** Two dresses at 59.90 (20 %), a book at 20.00 (5.5 %), three T-shirts at 15.00 (20 %): 184.80, shipping 4.90. */
function cart(overrides: Partial<PromotionCart> = {}): PromotionCart {
  return {
    lines: [
      { variantId: 'v_dress', productId: 'p_dress', categoryIds: ['c_dresses'], quantity: 2, unitPrice: 5990, vatRate: 2000 },
      { variantId: 'v_book', productId: 'p_book', categoryIds: ['c_books'], quantity: 1, unitPrice: 2000, vatRate: 550 },
      { variantId: 'v_tee', productId: 'p_tee', categoryIds: ['c_tops'], quantity: 3, unitPrice: 1500, vatRate: 2000 },
    ],
    channel: web,
    customer: guest,
    shipping: { fee: 490, vatRate: 2000 },
    now,
    currency: 'EUR',
    ...overrides,
  }
}

const base = { priority: 10, stacking: 'combinable' as const }
const dresses20: PromotionRule = {
  ...base,
  id: 'dresses20',
  name: 'Robes −20 %',
  kind: 'percent_off',
  percent: 2000,
  target: { scope: 'items', categoryIds: ['c_dresses'] },
}
const order10eur: PromotionRule = {
  ...base,
  id: 'order10',
  name: '−10 € sur la commande',
  priority: 20,
  kind: 'amount_off',
  amount: 1000,
  target: { scope: 'order' },
}

const discounts = (result: ReturnType<typeof evaluatePromotions>) => result.lines.map((line) => line.itemDiscount + line.orderDiscount)

describe('evaluatePromotions: no promotion', () => {
  it('totals the lines and shipping with VAT per rate', () => {
    const result = evaluatePromotions(cart(), [])
    expect(result.totals).toEqual({
      subtotal: 18480,
      itemDiscount: 0,
      orderDiscount: 0,
      shipping: 490,
      shippingDiscount: 0,
      total: 18970,
      vat: [
        { rate: 2000, gross: 16970, net: 14142, vat: 2828 },
        { rate: 550, gross: 2000, net: 1896, vat: 104 },
      ],
    })
    expect(result.applied).toEqual([])
  })
})

describe('evaluatePromotions: each kind, exact cents', () => {
  it('percent_off items takes the percentage of the matching lines only', () => {
    const result = evaluatePromotions(cart(), [dresses20])
    expect(discounts(result)).toEqual([2396, 0, 0])
    expect(result.totals.total).toBe(18480 - 2396 + 490)
    expect(result.applied).toEqual([{ id: 'dresses20', name: 'Robes −20 %', kind: 'percent_off', level: 'items', amount: 2396 }])
    expect(result.lines[0]?.discounts).toEqual([{ promotionId: 'dresses20', amount: 2396 }])
  })

  it('amount_off the order spreads by largest remainder and loses no cent', () => {
    const result = evaluatePromotions(cart(), [order10eur])
    // 1000 × 11980/18480 = 648.27, × 2000/18480 = 108.23, × 4500/18480 = 243.51: the spare cent goes to the T-shirts.
    expect(result.lines.map((line) => line.orderDiscount)).toEqual([648, 108, 244])
    expect(result.totals.orderDiscount).toBe(1000)
    expect(result.totals.total).toBe(17970)
    expect(result.totals.vat).toEqual([
      { rate: 2000, gross: 11980 - 648 + 4500 - 244 + 490, net: 13398, vat: 2680 },
      { rate: 550, gross: 1892, net: 1793, vat: 99 },
    ])
  })

  it('amount_off items by product never takes a line below zero', () => {
    const result = evaluatePromotions(cart(), [
      { ...base, id: 'book', name: 'Livre offert', kind: 'amount_off', amount: 10_000, target: { scope: 'items', productIds: ['p_book'] } },
    ])
    expect(discounts(result)).toEqual([0, 2000, 0])
    expect(result.lines[1]?.total).toBe(0)
  })

  it('percent_off items by variant id', () => {
    const result = evaluatePromotions(cart(), [
      { ...base, id: 'tee', name: 'T-shirt −15 %', kind: 'percent_off', percent: 1500, target: { scope: 'items', variantIds: ['v_tee'] } },
    ])
    expect(discounts(result)).toEqual([0, 0, 675])
  })

  it('buy_x_get_y gives the cheapest units of the full sets', () => {
    const free = evaluatePromotions(cart(), [
      { ...base, id: 'b2g1', name: '3 pour 2', kind: 'buy_x_get_y', buy: 2, get: 1, percent: 10_000, target: { scope: 'items', categoryIds: ['c_tops'] } },
    ])
    expect(discounts(free)).toEqual([0, 0, 1500])
    // Dresses and tops together: 5 units make 2 sets of 1 + 1, so the two cheapest units (T-shirts) are half price.
    const half = evaluatePromotions(cart(), [
      {
        ...base,
        id: 'b1g1',
        name: '2e à −50 %',
        kind: 'buy_x_get_y',
        buy: 1,
        get: 1,
        percent: 5000,
        target: { scope: 'items', categoryIds: ['c_dresses', 'c_tops'] },
      },
    ])
    expect(discounts(half)).toEqual([0, 0, 1500])
    const short = evaluatePromotions(cart(), [
      { ...base, id: 'b3g1', name: '4 pour 3', kind: 'buy_x_get_y', buy: 3, get: 1, percent: 10_000, target: { scope: 'items', categoryIds: ['c_tops'] } },
    ])
    expect(short.notApplied).toEqual([{ id: 'b3g1', name: '4 pour 3', reason: 'no_eligible_items' }])
  })

  it('bundle_price sells one unit of each product for the bundle price', () => {
    const result = evaluatePromotions(cart(), [
      { ...base, id: 'look', name: 'Robe + livre 70 €', kind: 'bundle_price', productIds: ['p_dress', 'p_book'], price: 7000 },
    ])
    // One full set worth 79.90 for 70.00: 9.90 off, 742.17 / 247.83 cents → 742 and 248.
    expect(discounts(result)).toEqual([742, 248, 0])
    expect(result.totals.total).toBe(18970 - 990)
  })

  it('bundle_price above the items’ worth gives nothing', () => {
    const result = evaluatePromotions(cart(), [{ ...base, id: 'dear', name: 'Lot', kind: 'bundle_price', productIds: ['p_dress', 'p_book'], price: 9000 }])
    expect(result.notApplied).toEqual([{ id: 'dear', name: 'Lot', reason: 'no_eligible_items' }])
  })

  it('free_shipping over a spend threshold removes the fee and its VAT line share', () => {
    const result = evaluatePromotions(cart(), [{ ...base, id: 'ship', name: 'Livraison offerte', kind: 'free_shipping', minSubtotal: 15_000 }])
    expect(result.totals).toMatchObject({ shipping: 490, shippingDiscount: 490, total: 18480 })
    expect(result.totals.vat[0]).toEqual({ rate: 2000, gross: 16480, net: 13733, vat: 2747 })
    expect(result.applied[0]).toMatchObject({ level: 'shipping', amount: 490 })
  })
})

describe('evaluatePromotions: conditions and explanations', () => {
  const ship = (minSubtotal: number): PromotionRule => ({ ...base, id: `ship${minSubtotal}`, name: 'Livraison offerte', kind: 'free_shipping', minSubtotal })

  it('says how much more a close spend threshold needs, and only when close', () => {
    const result = evaluatePromotions(cart(), [ship(20_000), ship(50_000)])
    expect(result.almost).toEqual([{ id: 'ship20000', name: 'Livraison offerte', kind: 'free_shipping', missing: 1520 }])
    expect(result.notApplied.map((entry) => entry.reason)).toEqual(['threshold_not_met', 'threshold_not_met'])
    expect(result.totals.shippingDiscount).toBe(0)
  })

  it('applies a threshold met to the cent', () => {
    expect(evaluatePromotions(cart(), [ship(18_480)]).totals.shippingDiscount).toBe(490)
  })

  it('respects the date window, its end excluded', () => {
    const rules: PromotionRule[] = [
      { ...dresses20, id: 'later', startsAt: '2026-12-01T10:00:01.000Z' },
      { ...dresses20, id: 'ended', endsAt: now.toISOString() },
      { ...dresses20, id: 'open', startsAt: now.toISOString(), endsAt: '2026-12-31T23:00:00.000Z' },
    ]
    const result = evaluatePromotions(cart(), rules)
    expect(result.notApplied).toEqual([
      { id: 'ended', name: 'Robes −20 %', reason: 'outside_window' },
      { id: 'later', name: 'Robes −20 %', reason: 'outside_window' },
    ])
    expect(result.applied.map((entry) => entry.id)).toEqual(['open'])
  })

  it('applies on every channel unless it names some', () => {
    const scoped: PromotionRule = { ...dresses20, id: 'mkp', channelIds: [marketplace.id] }
    expect(evaluatePromotions(cart(), [scoped]).notApplied).toEqual([{ id: 'mkp', name: 'Robes −20 %', reason: 'channel_not_eligible' }])
    expect(evaluatePromotions(cart({ channel: marketplace }), [scoped]).totals.itemDiscount).toBe(2396)
    const everywhere = [dresses20, order10eur]
    expect(evaluatePromotions(cart({ channel: marketplace }), everywhere)).toEqual(evaluatePromotions(cart(), everywhere))
  })

  it('checks customer segments: groups, loyalty tiers, first order', () => {
    const staff: PromotionRule = { ...dresses20, id: 'staff', segment: { groupCodes: ['staff'] } }
    const gold: PromotionRule = { ...dresses20, id: 'gold', segment: { loyaltyTiers: ['gold'] } }
    const first: PromotionRule = { ...order10eur, id: 'first', segment: { firstOrderOnly: true } }
    const regular = { id: 'cus_1', groupCodes: ['staff'], loyaltyTier: 'silver', isFirstOrder: false }
    const result = evaluatePromotions(cart({ customer: regular }), [staff, gold, first])
    expect(result.applied.map((entry) => entry.id)).toEqual(['staff'])
    expect(result.notApplied).toEqual([
      { id: 'gold', name: 'Robes −20 %', reason: 'segment_not_eligible' },
      { id: 'first', name: '−10 € sur la commande', reason: 'segment_not_eligible' },
    ])
    expect(evaluatePromotions(cart(), [first]).totals.orderDiscount).toBe(1000)
  })

  it('stops at the usage limit the caller passes', () => {
    const result = evaluatePromotions(cart(), [
      { ...dresses20, remainingUses: 0 },
      { ...order10eur, remainingUses: 1 },
    ])
    expect(result.notApplied).toEqual([{ id: 'dresses20', name: 'Robes −20 %', reason: 'usage_exhausted' }])
    expect(result.totals.orderDiscount).toBe(1000)
  })

  it('explains a promotion whose items are not in the cart', () => {
    const shoes: PromotionRule = { ...dresses20, id: 'shoes', target: { scope: 'items', categoryIds: ['c_shoes'] } }
    expect(evaluatePromotions(cart(), [shoes]).notApplied).toEqual([{ id: 'shoes', name: 'Robes −20 %', reason: 'no_eligible_items' }])
  })
})

describe('evaluatePromotions: stacking and priority', () => {
  it('applies combinable promotions in priority order, each on what the previous left', () => {
    const result = evaluatePromotions(cart(), [order10eur, dresses20])
    // 20 % of 119.80 first (23.96), then 10 € over 95.84 / 20.00 / 45.00: 595.87, 124.35, 279.78 → 596, 124, 280.
    expect(result.lines.map((line) => [line.itemDiscount, line.orderDiscount])).toEqual([
      [2396, 596],
      [0, 124],
      [0, 280],
    ])
    expect(result.totals.total).toBe(18970 - 3396)
    expect(result.applied.map((entry) => entry.id)).toEqual(['dresses20', 'order10'])
  })

  it('changes the result when the priorities change', () => {
    const result = evaluatePromotions(cart(), [{ ...order10eur, priority: 1 }, dresses20])
    // 10 € first (648 on the dresses), then 20 % of the 113.32 left: 22.66.
    expect(result.lines[0]).toMatchObject({ itemDiscount: 2266, orderDiscount: 648 })
    expect(result.totals.total).toBe(18970 - 1000 - 2266)
  })

  it('lets the best exclusive promotion win when it gives more than the combination', () => {
    const big: PromotionRule = {
      ...base,
      id: 'vip25',
      name: 'VIP −25 %',
      stacking: 'exclusive',
      kind: 'percent_off',
      percent: 2500,
      target: { scope: 'order' },
    }
    const small: PromotionRule = { ...big, id: 'vip5', name: 'VIP −5 %', percent: 500 }
    const result = evaluatePromotions(cart(), [dresses20, order10eur, big, small])
    expect(result.applied).toEqual([{ id: 'vip25', name: 'VIP −25 %', kind: 'percent_off', level: 'order', amount: 4620 }])
    expect(result.notApplied.map((entry) => [entry.id, entry.reason])).toEqual([
      ['dresses20', 'excluded_by_exclusive'],
      ['vip5', 'excluded_by_exclusive'],
      ['order10', 'excluded_by_exclusive'],
    ])
    expect(result.totals.total).toBe(18970 - 4620)
  })

  it('keeps the combination when it gives as much or more than the best exclusive', () => {
    const tie: PromotionRule = { ...base, id: 'flat', name: 'Remise fixe', stacking: 'exclusive', kind: 'amount_off', amount: 3396, target: { scope: 'order' } }
    const result = evaluatePromotions(cart(), [dresses20, order10eur, tie])
    expect(result.applied.map((entry) => entry.id)).toEqual(['dresses20', 'order10'])
    expect(result.notApplied).toEqual([{ id: 'flat', name: 'Remise fixe', reason: 'excluded_by_exclusive' }])
  })

  it('keeps free delivery out of the stacking contest, so the cart (fee unknown) and checkout pick the same winners', () => {
    const freeShipping: PromotionRule = { ...base, id: 'ship', name: 'Livraison offerte', priority: 1, stacking: 'exclusive', kind: 'free_shipping' }
    const vip: PromotionRule = { ...base, id: 'vip', name: 'VIP −15 %', priority: 30, stacking: 'exclusive', kind: 'percent_off', percent: 1500, target: { scope: 'order' } }
    // Alone, an exclusive free delivery applies: it competes with nothing.
    expect(evaluatePromotions(cart(), [freeShipping]).totals).toMatchObject({ shippingDiscount: 490, total: 18480 })
    for (const fee of [null, 490]) {
      const result = evaluatePromotions(cart({ shipping: { fee, vatRate: 2000 } }), [dresses20, freeShipping, vip])
      // −15 % of 184.80 (27.72) beats −20 % on the dresses (23.96) on the goods; delivery is free either way.
      expect(result.applied.map((entry) => entry.id)).toEqual(['ship', 'vip'])
      expect(result.totals.orderDiscount).toBe(2772)
      expect(result.totals.shippingDiscount).toBe(fee ?? 0)
    }
  })

  it('breaks a tie between exclusive promotions by priority', () => {
    const a: PromotionRule = { ...base, id: 'b', name: 'B', priority: 5, stacking: 'exclusive', kind: 'amount_off', amount: 500, target: { scope: 'order' } }
    const b: PromotionRule = { ...a, id: 'a', name: 'A', priority: 6 }
    expect(evaluatePromotions(cart(), [b, a]).applied.map((entry) => entry.id)).toEqual(['b'])
  })
})

describe('PromotionRule schema', () => {
  it('accepts its examples and the rules of these tests, and refuses an unknown kind', () => {
    const examples = (PromotionRule as { examples?: unknown[] }).examples ?? []
    expect(examples).toHaveLength(2)
    for (const example of examples) expect(Value.Check(PromotionRule, example)).toBe(true)
    expect(Value.Check(PromotionRule, dresses20)).toBe(true)
    expect(Value.Check(PromotionRule, { ...order10eur, kind: 'mystery' })).toBe(false)
  })
})
