/**
 * The pure rules of returns: the lifecycle, what a return refunds, the return window and what an exchange costs.
 * No database, no clock of their own: callers pass `now`.
 */
import { isPickup, paidShare, type FulfilmentMethod } from '../orders/service.js'
import { vatBreakdown, type VatLine } from '../pricing/service.js'
import type { ReturnStatus } from './schema.js'

/** requested → received → refunded; a request not yet received may be cancelled. In-store returns are born received. */
export const RETURN_TRANSITIONS: Record<ReturnStatus, readonly ReturnStatus[]> = {
  requested: ['received', 'cancelled'],
  received: ['refunded'],
  refunded: [],
  cancelled: [],
}

/** True when the lifecycle allows `from` → `to`. */
export function canTransition(from: ReturnStatus, to: ReturnStatus): boolean {
  return RETURN_TRANSITIONS[from].includes(to)
}

/** Days a channel's orders may be returned when no policy is set for it. */
export const DEFAULT_RETURN_WINDOW_DAYS = 30

const DAY_MS = 86_400_000

export interface ReturnWindow {
  /** Last instant a return may be opened. */
  deadline: Date
  open: boolean
}

/**
 * The return window: `windowDays` days from the moment the goods were handed over (the last delivered or collected
 * fulfilment), or from the order's placement when nothing was handed over yet (then nothing is returnable anyway).
 * The deadline itself is still inside the window.
 */
export function returnWindow(input: { fulfilledAt: Date | null; placedAt: Date; windowDays: number; now: Date }): ReturnWindow {
  const start = input.fulfilledAt ?? input.placedAt
  const deadline = new Date(start.getTime() + input.windowDays * DAY_MS)
  return { deadline, open: input.now.getTime() <= deadline.getTime() }
}

export interface RefundableLine {
  orderLineId: string
  /** Tax-inclusive unit price the line was sold at, before its discounts. */
  unitPrice: number
  lineTotal: number
  discountTotal: number
  vatRate: number
  /** Units bought on the order line. */
  quantity: number
  /** Units already taken back by earlier returns. */
  returnedQuantity: number
}

export interface RefundQuote {
  /** What each order line's returned units give back. */
  lines: { orderLineId: string; amount: number }[]
  goodsTotal: number
  shippingRefund: number
  total: number
  /** VAT inside `total`, per rate (pricing's rule), so that the credit note adds up to the cent. */
  vat: VatLine[]
}

/**
 * What a return gives back. Goods: the returned units' share of their order line as paid, discounts taken off
 * (orders' paidShare: the line's paid amount spread over its units cumulatively, so every return of a line adds up
 * to what the line cost, to the cent, and a line bought without discount gives back unit price × quantity). Delivery: the
 * order's delivery fee comes back only when this return brings the last unit of the whole order back (every line's
 * returned quantity reaches what was bought); a partial return keeps it, since the delivery did happen.
 */
export function quoteRefund(input: {
  lines: readonly RefundableLine[]
  returning: readonly { orderLineId: string; quantity: number }[]
  shippingTotal: number
  shippingVatRate: number
}): RefundQuote {
  const byLine = new Map(input.lines.map((line) => [line.orderLineId, line]))
  const returningByLine = new Map<string, number>()
  for (const r of input.returning) returningByLine.set(r.orderLineId, (returningByLine.get(r.orderLineId) ?? 0) + r.quantity)
  const items: { amount: number; vatRate: number }[] = []
  const lines: RefundQuote['lines'] = []
  for (const [orderLineId, quantity] of returningByLine) {
    const line = byLine.get(orderLineId)
    if (!line) throw new RangeError(`quoteRefund: unknown order line ${orderLineId}`)
    const amount = paidShare(line, quantity, line.returnedQuantity)
    items.push({ amount, vatRate: line.vatRate })
    lines.push({ orderLineId, amount })
  }
  const goodsTotal = items.reduce((sum, item) => sum + item.amount, 0)
  const everythingBack = input.lines.every((line) => line.returnedQuantity + (returningByLine.get(line.orderLineId) ?? 0) >= line.quantity)
  const shippingRefund = everythingBack && input.shippingTotal > 0 ? input.shippingTotal : 0
  if (shippingRefund > 0) items.push({ amount: shippingRefund, vatRate: input.shippingVatRate })
  return { lines, goodsTotal, shippingRefund, total: goodsTotal + shippingRefund, vat: vatBreakdown(items) }
}

/**
 * The delivery fee of an exchange order before promotions: the fee when its lines are delivered, none when they
 * are collected (checkout's rule: a fee once per order that delivers anywhere). The exchange prices its cart with
 * the promotions and this fee exactly as checkout will; checkout recomputes it, and a mismatch is refused there.
 */
export function exchangeDeliveryFee(input: { fulfilment: { method: FulfilmentMethod; pickupLocationId?: string | null }; shippingFee: number }): number {
  return isPickup(input.fulfilment.method, input.fulfilment.pickupLocationId ?? null) ? 0 : input.shippingFee
}

/**
 * How an exchange settles: the returned goods pay for the new order up to its cost (the `exchange` tender); the
 * customer pays any difference with other tenders; what the goods are worth beyond the new order is refunded.
 */
export function settleExchange(input: { returnTotal: number; newOrderTotal: number }): { exchangeTender: number; toPay: number; toRefund: number } {
  const exchangeTender = Math.min(input.returnTotal, input.newOrderTotal)
  return { exchangeTender, toPay: input.newOrderTotal - exchangeTender, toRefund: input.returnTotal - exchangeTender }
}
