/**
 * Who reacts to what: every hook handler, registered at start, in the order it runs. A hook is declared by the module
 * that acts (src/platform/hooks.ts); the handlers come from the modules that must react, above or below it. This file
 * sits above every module, so that no module imports one above it to be told what happened (README, "Module layers").
 * Where several modules react to one hook, the order written here is the order they run — and the lock order (stock,
 * promotions, loyalty) that checkout, cancellations and returns all follow.
 *
 * Imported for its effect by src/app.ts and by every entry point that runs module code without the app.
 */
import { deviceLinked } from './modules/auth/service.js'
import { adoptDeviceCarts, customerHasOrdered, orderedLineDiscounts } from './modules/carts/service.js'
import { adoptDeviceTouchpoints } from './modules/journeys/service.js'
import { activeRewardsOf } from './modules/loyalty/service.js'
import { hasPlacedOrder, orderLineDiscounts } from './modules/orders/service.js'
import { backingRewards } from './modules/promotions/service.js'
import { sealHooks } from './platform/hooks.js'

// ── Sign-in ───────────────────────────────────────────────────────────────────────────────────────────────────────

// The device's anonymous timeline joins the profile, then its open carts.
deviceLinked.on('journeys', async (tx, input) => {
  await adoptDeviceTouchpoints(tx, input)
})
deviceLinked.on('carts', async (tx, input) => {
  await adoptDeviceCarts(tx, input)
})

// ── Customers: merge, unmerge, erasure, export, a store's look-up ────────────────────────────────────────────────

// ── Carts and promotions ─────────────────────────────────────────────────────────────────────────────────────────

// A coupon-only promotion whose vouchers loyalty sells for points keeps what those vouchers are worth.
backingRewards.on('loyalty', (tx, { promotionId }) => activeRewardsOf(tx, promotionId))
// A first-order offer asks whether she has ordered; a cart that became an order shows that order's discounts.
customerHasOrdered.on('orders', (tx, { customerId }) => hasPlacedOrder(tx, customerId))
orderedLineDiscounts.on('orders', (tx, { orderId }) => orderLineDiscounts(tx, orderId))

// ── Orders and returns ───────────────────────────────────────────────────────────────────────────────────────────

sealHooks()
