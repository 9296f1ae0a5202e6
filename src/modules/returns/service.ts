/**
 * Returns: taking back goods of any order, from any channel, at any store, by mail or by phone — refunded to the
 * original payment or as store credit, or exchanged for other items in one operation; and the return window of
 * each channel.
 * Owns `returns`, `return_lines`, `return_history`, `return_policies` and the `return_number_seq` sequence.
 * Invariants:
 * - Never more back than was handed over: units are counted on the order through orders' guarded
 *   `recordReturnedUnits`; a requested return claims its units (checked under the order's row lock), so two RMAs
 *   cannot claim the same unit; a cancelled one frees them.
 * - A return moves only along RETURN_TRANSITIONS (requested → received → refunded; requested → cancelled) through a
 *   guarded UPDATE, each change a history row and an event; in-store returns are born received.
 * - A return is worth its units at the price paid plus, only when it brings the last unit of the order back, the
 *   delivery fee (policies.ts `quoteRefund`); VAT is shown per rate (pricing's rule). total = goods + shipping, and a
 *   refunded return has settled exactly its total: exchanged + refunded = total (CHECKs).
 * - Resellable units go back on hand at the receiving location (inventory's `returnStock`, ledger kind `return`);
 *   damaged ones do not.
 * - Outside the channel's window (default 30 days from hand-over) a return is a 409 unless staff override it with a
 *   note, which is recorded.
 * - Deny by default: a customer sees and opens returns of their own orders only; store staff take returns of any
 *   order at their own stores and see returns received at their stores, taken by them, or of orders they can see.
 * Events (scoped to the customer and the receiving location): returns.return_requested, returns.return_received,
 * returns.return_refunded, returns.return_cancelled.
 * Hooks: returns.refunded (settle.ts), run in the transaction that refunds a return.
 */
import type { FastifyInstance } from 'fastify'
import type { Job } from '../../platform/jobs.js'
import { closeOrdersPastReturnWindow } from './return-policies.js'

export { createReturn, type CreateReturnInput, type ReturnLineInput } from './create.js'
export { moveCustomerReturns, restoreCustomerReturns } from './customer-merge.js'
export { anonymiseCustomerReturns, exportCustomerReturns, summariseCustomerReturns, type ReturnSummary } from './customer-data.js'
export { type CustomerTender, type ExchangeInput } from './exchange.js'
export { RETURN_TRANSITIONS, DEFAULT_RETURN_WINDOW_DAYS, exchangeDeliveryFee, quoteRefund, returnWindow, settleExchange } from './policies.js'
export { cancelReturn, receiveReturn, type ReceiveReturnInput } from './receive.js'
export { closeOrdersPastReturnWindow, getReturnPolicy, returnWindows, setReturnPolicy, windowDaysFor, type ReturnPolicy } from './return-policies.js'
export {
  ITEM_CONDITIONS,
  REFUND_METHODS,
  RETURN_METHODS,
  RETURN_REASONS,
  RETURN_STATUSES,
  type ItemCondition,
  type RefundMethod,
  type ReturnMethod,
  type ReturnReason,
  type ReturnStatus,
} from './schema.js'
export type { ReturnContext } from './context.js'
export { pointsReversalOf, promotionsReleasableOnRefund, returnRefunded, type ReturnRefunded } from './settle.js'
export { getReturn, listOrderReturns, listReturns, type ReturnView } from './views.js'
export { refundsGivenAt, returnsReceivedAt, type RefundsGiven, type ReturnsWindow } from './takings.js'

/** Background work of the returns module: closing orders whose return window has passed, hourly. */
export function returnJobs(app: FastifyInstance): Job[] {
  return [{ name: 'close-orders-past-return-window', everyMs: 60 * 60_000, run: () => closeOrdersPastReturnWindow(app.database) }]
}
