import { describe, expect, it } from 'vitest'
import { canTransition, exchangeDeliveryFee, quoteRefund, returnWindow, settleExchange } from './policies.js'

const lines = [
  { orderLineId: 'a', unitPrice: 5990, lineTotal: 11980, discountTotal: 0, vatRate: 2000, quantity: 2, returnedQuantity: 0 },
  { orderLineId: 'b', unitPrice: 1099, lineTotal: 1099, discountTotal: 0, vatRate: 550, quantity: 1, returnedQuantity: 0 },
]

describe('quoteRefund', () => {
  it('gives back the paid share of a discounted line, returns adding up to what the line cost to the cent', () => {
    // 3 units at 10.00 with 1.00 off the line: 29.00 paid, spread 9.66 / 9.67 / 9.67 cumulatively.
    const line = { orderLineId: 'd', unitPrice: 1000, lineTotal: 3000, discountTotal: 100, vatRate: 2000, quantity: 3, returnedQuantity: 0 }
    const first = quoteRefund({ lines: [line], returning: [{ orderLineId: 'd', quantity: 1 }], shippingTotal: 0, shippingVatRate: 2000 })
    const second = quoteRefund({ lines: [{ ...line, returnedQuantity: 1 }], returning: [{ orderLineId: 'd', quantity: 2 }], shippingTotal: 0, shippingVatRate: 2000 })
    expect(first.goodsTotal).toBe(966)
    expect(first.lines).toEqual([{ orderLineId: 'd', amount: 966 }])
    expect(second.goodsTotal).toBe(1934)
    expect(first.goodsTotal + second.goodsTotal).toBe(2900)
  })

  it('refunds the units at their price as paid, with VAT per rate, and keeps the delivery fee on a partial return', () => {
    const quote = quoteRefund({
      lines,
      returning: [
        { orderLineId: 'a', quantity: 1 },
        { orderLineId: 'b', quantity: 1 },
      ],
      shippingTotal: 490,
      shippingVatRate: 2000,
    })
    expect(quote).toMatchObject({ goodsTotal: 7089, shippingRefund: 0, total: 7089 })
    // 59.90 at 20 %: 998; 10.99 at 5.5 %: round(1099 × 550 / 10550) = 57.
    expect(quote.vat).toEqual([
      { rate: 2000, gross: 5990, net: 4992, vat: 998 },
      { rate: 550, gross: 1099, net: 1042, vat: 57 },
    ])
  })

  it('gives the delivery fee back only with the last unit of the order, counting earlier returns', () => {
    const earlier = lines.map((l) => (l.orderLineId === 'a' ? { ...l, returnedQuantity: 1 } : l))
    const last = quoteRefund({
      lines: earlier,
      returning: [
        { orderLineId: 'a', quantity: 1 },
        { orderLineId: 'b', quantity: 1 },
      ],
      shippingTotal: 490,
      shippingVatRate: 2000,
    })
    expect(last).toMatchObject({ goodsTotal: 7089, shippingRefund: 490, total: 7579 })
    expect(last.vat.reduce((sum, v) => sum + v.gross, 0)).toBe(7579)
    expect(quoteRefund({ lines, returning: [{ orderLineId: 'a', quantity: 2 }], shippingTotal: 490, shippingVatRate: 2000 }).shippingRefund).toBe(0)
    expect(quoteRefund({ lines: [lines[0]!], returning: [{ orderLineId: 'a', quantity: 2 }], shippingTotal: 0, shippingVatRate: 2000 })).toMatchObject({
      shippingRefund: 0,
      total: 11980,
    })
  })
})

describe('returnWindow', () => {
  const handedOver = new Date('2025-03-01T10:00:00Z')
  it('counts the days from hand-over, the deadline itself still inside', () => {
    expect(
      returnWindow({ fulfilledAt: handedOver, placedAt: new Date('2025-02-20T00:00:00Z'), windowDays: 30, now: new Date('2025-03-31T10:00:00Z') }),
    ).toEqual({ deadline: new Date('2025-03-31T10:00:00Z'), open: true })
    expect(returnWindow({ fulfilledAt: handedOver, placedAt: handedOver, windowDays: 30, now: new Date('2025-03-31T10:00:01Z') }).open).toBe(false)
  })
  it('falls back to the placement date when nothing was handed over', () => {
    expect(returnWindow({ fulfilledAt: null, placedAt: handedOver, windowDays: 0, now: handedOver })).toEqual({ deadline: handedOver, open: true })
  })
})

describe('RETURN_TRANSITIONS', () => {
  it('receives and refunds a request, cancels only what was not received', () => {
    expect(canTransition('requested', 'received')).toBe(true)
    expect(canTransition('received', 'refunded')).toBe(true)
    expect(canTransition('requested', 'cancelled')).toBe(true)
    expect(canTransition('received', 'cancelled')).toBe(false)
    expect(canTransition('refunded', 'received')).toBe(false)
  })
})

describe('exchanges', () => {
  it('charges delivery only when the new items are delivered', () => {
    expect(exchangeDeliveryFee({ fulfilment: { method: 'in_store' }, shippingFee: 490 })).toBe(0)
    expect(exchangeDeliveryFee({ fulfilment: { method: 'click_and_collect', pickupLocationId: 'loc' }, shippingFee: 490 })).toBe(0)
    expect(exchangeDeliveryFee({ fulfilment: { method: 'ship' }, shippingFee: 490 })).toBe(490)
    expect(exchangeDeliveryFee({ fulfilment: { method: 'endless_aisle', pickupLocationId: 'loc' }, shippingFee: 490 })).toBe(0)
  })
  it('pays the new order with the returned goods first, then the customer; refunds what the goods are worth beyond it', () => {
    expect(settleExchange({ returnTotal: 5990, newOrderTotal: 7990 })).toEqual({ exchangeTender: 5990, toPay: 2000, toRefund: 0 })
    expect(settleExchange({ returnTotal: 5990, newOrderTotal: 2990 })).toEqual({ exchangeTender: 2990, toPay: 0, toRefund: 3000 })
    expect(settleExchange({ returnTotal: 5990, newOrderTotal: 5990 })).toEqual({ exchangeTender: 5990, toPay: 0, toRefund: 0 })
  })
})
