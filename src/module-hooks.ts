/**
 * Who reacts to what: every hook handler, registered at start, in the order it runs. A hook is declared by the module
 * that acts (src/platform/hooks.ts); the handlers come from the modules that must react, above or below it. This file
 * sits above every module, so that no module imports one above it to be told what happened (README, "Module layers").
 * Where several modules react to one hook, the order written here is the order they run — and the lock order (stock,
 * promotions, loyalty) that checkout, cancellations and returns all follow.
 *
 * Imported for its effect by src/app.ts and by every entry point that runs module code without the app.
 */
import { onOrderMoved, reverseReturnPoints } from './modules/loyalty/service.js'
import { isOrderFullyReturned, orderGoodsPaid, orderStatusChanged } from './modules/orders/service.js'
import { releaseOrderPromotions } from './modules/promotions/service.js'
import { goodsRefundedBefore, hasReturnAwaitingRefund, returnRefunded } from './modules/returns/service.js'
import { sealHooks } from './platform/hooks.js'

// ── Sign-in ───────────────────────────────────────────────────────────────────────────────────────────────────────

// ── Customers: merge, unmerge, erasure, export, a store's look-up ────────────────────────────────────────────────

// ── Carts and promotions ─────────────────────────────────────────────────────────────────────────────────────────

// ── Orders and returns ───────────────────────────────────────────────────────────────────────────────────────────

// An order's status moved: a cancelled order gives its promotion and coupon uses back; loyalty earns the order's
// points pending when it is paid, confirms them when it closes and drops them when it is cancelled.
orderStatusChanged.on('promotions', async (tx, { order, passed }) => {
  if (passed.includes('cancelled')) await releaseOrderPromotions(tx, { orderId: order.id, reason: 'cancelled' })
})
orderStatusChanged.on('loyalty', (tx, input) => onOrderMoved(tx, input))

// A return was refunded. Promotions give back the uses of the order once every unit is returned and no return of the
// order still awaits its refund (the release rule, promotions/service.ts).
returnRefunded.on('promotions', async (tx, { row }) => {
  if (!(await hasReturnAwaitingRefund(tx, row.orderId)) && (await isOrderFullyReturned(tx, row.orderId))) await releaseOrderPromotions(tx, { orderId: row.orderId, reason: 'returned' })
})
// Loyalty takes back the points of everything refunded so far, less what the order's earlier returns took.
returnRefunded.on('loyalty', async (tx, { row }) => {
  if (!row.customerId) return
  await reverseReturnPoints(tx, {
    returnId: row.id,
    orderId: row.orderId,
    customerId: row.customerId,
    channelId: row.channelId,
    goodsRefunded: row.goodsTotal,
    goodsRefundedBefore: await goodsRefundedBefore(tx, row),
    goodsPaid: await orderGoodsPaid(tx, row.orderId),
  })
})

sealHooks()
