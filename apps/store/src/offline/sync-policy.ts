/**
 * The rules of the offline queue as pure functions (tested in node without a browser): what a failed sync means for
 * the sale, what the manager is told to do about a refusal, when to try again, and who may send a sale again.
 */
// From the client itself, not shared/api.ts (which reads `window`): these rules are tested in node.
import { ProblemError } from '@omnicanal/client'
import type { QueuedSale, SaleRefusal } from './db.js'

/** `retry`: the server never decided (network, 5xx, 429, an expired session): the sale keeps waiting. `refused`: it said no. */
export type SyncFailure = { kind: 'retry' } | { kind: 'refused'; refusal: SaleRefusal }

/** The statuses that are not the server's answer about the sale itself: it keeps waiting, untouched. */
const TRANSIENT_STATUSES = new Set([401, 408, 425, 429])

/** A sale that failed to sync: waits again, or goes to the manager with the server's problem. */
export function classifyFailure(error: unknown, now: Date): SyncFailure {
  if (!(error instanceof ProblemError)) return { kind: 'retry' }
  if (error.status >= 500 || TRANSIENT_STATUSES.has(error.status)) return { kind: 'retry' }
  const { problem } = error
  const refusal: SaleRefusal = { status: error.status, code: error.code, title: problem.title, detail: problem.detail, at: now.toISOString() }
  const { variantId, requested, available } = problem
  if (error.code === 'insufficient-stock' && typeof variantId === 'string' && typeof requested === 'number' && typeof available === 'number' && requested > available) {
    refusal.shortfall = { variantId, quantity: requested - available }
  }
  return { kind: 'refused', refusal }
}

/** What the manager should do about a refusal: the key of a sentence in the offline-sales locale (`advice.<key>`). */
export type AdviceKey = 'stock' | 'coupon' | 'giftCard' | 'storeCredit' | 'payment' | 'price' | 'product' | 'customer' | 'forbidden' | 'other'

export function adviceFor(refusal: Pick<SaleRefusal, 'code' | 'status'>): AdviceKey {
  const code = refusal.code ?? ''
  if (code === 'insufficient-stock' || code === 'quantity-limit') return 'stock'
  if (code.startsWith('coupon-') || code.startsWith('promotion-')) return 'coupon'
  if (code.startsWith('gift-card-')) return 'giftCard'
  if (code.startsWith('store-credit-')) return 'storeCredit'
  if (code === 'payment-declined' || code === 'invalid-card' || code === 'payment-not-allowed') return 'payment'
  if (code === 'payment-amount-mismatch' || code === 'total-changed' || code === 'currency-mismatch') return 'price'
  if (code === 'unknown-variant' || code === 'variant-not-sellable') return 'product'
  if (code === 'unknown-customer' || code === 'customer-not-settable') return 'customer'
  if (refusal.status === 403) return 'forbidden'
  return 'other'
}

/** Wait before the next automatic try of a waiting sale: 5 s doubling per attempt, at most 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 300_000)
}

/**
 * Who may send a sale. Its Idempotency-Keys live in its sender's namespace on the server (keys are scoped per caller):
 * a sale that may have reached the server under one associate's keys (`sentBy`) is sent again only by her, or a lost
 * answer would become a second order. Otherwise it is sent by its own seller — the order's placedByStaffId, hence the
 * day's sales by seller, name her — or, explicitly, by a manager, to whom it is then credited (`asManager`).
 */
export function maySend(sale: Pick<QueuedSale, 'sentBy' | 'soldBy'>, userId: string, asManager = false): boolean {
  if (sale.sentBy !== null) return sale.sentBy === userId
  return sale.soldBy.id === userId || asManager
}

/**
 * Whether a failed send may have left something under the sender's keys, so that she alone may send it again: a 5xx
 * (the server, or a proxy, may have committed before failing) or a network error once the request left (the device
 * was online). A 401 or 429 is answered before any handler runs; a refusal (other 4xx) records nothing (one
 * transaction per request): the sale stays free for its seller. An offline fetch never left the device.
 */
export function mayHaveReached(error: unknown, online: boolean): boolean {
  if (!(error instanceof ProblemError)) return online
  return error.status >= 500 || error.status === 408
}

/** Discarded sales are kept this long for the manager to look back on, then deleted (they may hold a customer id). */
export const DISCARDED_KEPT_MS = 30 * 24 * 3_600_000

/** The discarded sales to delete now. */
export function expiredDiscards(sales: readonly QueuedSale[], now: Date): QueuedSale[] {
  return sales.filter((sale) => sale.state === 'discarded' && Date.parse(sale.discard?.at ?? sale.queuedAt) + DISCARDED_KEPT_MS <= now.getTime())
}

/**
 * The waiting sales to send now, oldest first (a till's sales reach the server in the order they were rung). The
 * automatic sync sends only the signed-in associate's own; `asManager` is a manager's explicit send of one sale.
 */
export function dueSales(sales: readonly QueuedSale[], userId: string, now: Date, force = false, asManager = false): QueuedSale[] {
  return sales
    .filter((sale) => sale.state === 'waiting' && maySend(sale, userId, asManager))
    .filter((sale) => force || sale.lastTriedAt === null || Date.parse(sale.lastTriedAt) + backoffMs(sale.attempts) <= now.getTime())
    .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id))
}
