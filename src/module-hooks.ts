/**
 * Who reacts to what: every hook handler, registered at start, in the order it runs. A hook is declared by the module
 * that acts (src/platform/hooks.ts); the handlers come from the modules that must react, above or below it. This file
 * sits above every module, so that no module imports one above it to be told what happened (README, "Module layers").
 * Where several modules react to one hook, the order written here is the order they run; each section says whether
 * that order matters and why. The rules that decide a reaction belong to the module that owns them: a registration
 * here only connects one module's action to another's.
 *
 * Imported for its effect by src/app.ts and by every entry point that runs module code without the app.
 */
import {
  customerDeviceIds,
  deviceLinked,
  eraseCustomerAccess,
  exportCustomerDevices,
  moveCustomerDevices,
  restoreCustomerDevices,
  revokeSubjectTokens,
  withoutKioskDevices,
} from './modules/auth/service.js'
import {
  adoptDeviceCarts,
  customerHasOrdered,
  eraseCustomerCarts,
  exportCustomerCarts,
  exportCustomerWishlist,
  moveCustomerCarts,
  moveWishlist,
  orderedLineDiscounts,
  restoreCustomerCarts,
  restoreWishlist,
} from './modules/carts/service.js'
import {
  countCustomerCreditEntries,
  detachCustomerGiftCards,
  exportCustomerGiftCards,
  exportCustomerStoreCredit,
  moveCustomerGiftCards,
  moveStoreCredit,
  restoreCustomerGiftCards,
  restoreStoreCredit,
} from './modules/credit/service.js'
import {
  customerDevicesAsked,
  customerErased,
  customerErasing,
  customerErasureAsked,
  customerExporting,
  customerIdentifiedInStore,
  customersMerged,
  customersUnmerged,
  customersUnmerging,
  mergeCreditSpent,
  mergePointsSpent,
  moveConsents,
  moveGroupMemberships,
  restoreConsents,
  restoreGroupMemberships,
  type CustomersUnmerged,
} from './modules/customers/service.js'
import {
  adoptDeviceTouchpoints,
  eraseTouchpoints,
  exportCustomerTouchpoints,
  moveTouchpoints,
  recordStoreVisit,
  restoreTouchpoints,
} from './modules/journeys/service.js'
import {
  activeRewardsOf,
  anonymiseCustomerLoyalty,
  exportCustomerLoyalty,
  moveLoyalty,
  onOrderMoved,
  restoreLoyalty,
  reverseReturnPoints,
} from './modules/loyalty/service.js'
import {
  anonymiseCustomerOrders,
  exportCustomerOrders,
  hasPlacedOrder,
  listOrdersInProgress,
  moveCustomerOrders,
  orderLineDiscounts,
  orderStatusChanged,
  restoreCustomerOrders,
} from './modules/orders/service.js'
import {
  backingRewards,
  eraseCustomerPromotions,
  exportCustomerPromotions,
  moveCustomerPromotions,
  releaseOrderPromotions,
  restoreCustomerPromotions,
} from './modules/promotions/service.js'
import {
  anonymiseCustomerReturns,
  exportCustomerReturns,
  moveCustomerReturns,
  pointsReversalOf,
  promotionsReleasableOnRefund,
  restoreCustomerReturns,
  returnRefunded,
} from './modules/returns/service.js'
import { eraseCustomerReviews, exportCustomerReviews, moveCustomerReviews, restoreCustomerReviews, reverifyCancelledOrderReviews } from './modules/reviews/service.js'
import { sealHooks } from './platform/hooks.js'

// ── Sign-in ───────────────────────────────────────────────────────────────────────────────────────────────────────

// The device's anonymous timeline joins the profile, then its open carts. The order is the one sign-in has always run:
// the two touch separate tables and neither reads what the other writes, so only the statements' order hangs on it.
deviceLinked.on('journeys', async (tx, input) => {
  await adoptDeviceTouchpoints(tx, input)
})
deviceLinked.on('carts', async (tx, input) => {
  await adoptDeviceCarts(tx, input)
})

// ── Customers: merge, unmerge, erasure, export, a store's look-up ────────────────────────────────────────────────

// A merge: each module moves the merged profile's rows to the survivor and answers what moved, for the record. The
// order matters: it is the order the merge has always run its statements and taken its locks in (the store credit
// and loyalty accounts are locked as they move), and the customers module's own consents and groups take their turn
// among them where they always did — a cart joined here is priced with the survivor's groups as they were before the
// merge. (The record's key order does not depend on it: customer_merges.moved is jsonb, which keeps its own.)
customersMerged.on('carts', async (tx, ids) => {
  const carts = await moveCustomerCarts(tx, ids)
  const wishlist = await moveWishlist(tx, ids)
  return { carts: carts.carts, mergedCarts: carts.merged, wishlist }
})
customersMerged.on('orders', async (tx, ids) => ({ orders: await moveCustomerOrders(tx, ids) }))
customersMerged.on('returns', async (tx, ids) => ({ returns: await moveCustomerReturns(tx, ids) }))
customersMerged.on('credit', async (tx, ids) => ({ storeCredit: await moveStoreCredit(tx, ids) }))
customersMerged.on('journeys', async (tx, ids) => ({ touchpoints: await moveTouchpoints(tx, ids) }))
customersMerged.on('customers', async (tx, ids) => ({ consents: await moveConsents(tx, ids) }))
customersMerged.on('auth', async (tx, ids) => ({ devices: await moveCustomerDevices(tx, ids) }))
customersMerged.on('credit', async (tx, ids) => ({ giftCards: await moveCustomerGiftCards(tx, ids) }))
customersMerged.on('customers', async (tx, ids) => ({ groups: await moveGroupMemberships(tx, ids) }))
customersMerged.on('promotions', async (tx, ids) => ({ promotions: await moveCustomerPromotions(tx, ids) }))
customersMerged.on('loyalty', async (tx, ids) => ({ loyalty: await moveLoyalty(tx, ids) }))
// Her reviews: where both profiles reviewed one product the newest stays, the other is set aside for a revert.
customersMerged.on('reviews', async (tx, ids) => ({ reviews: await moveCustomerReviews(tx, ids) }))
customersMerged.on('auth', async (tx, ids) => {
  // The merged profile's sessions end: it can no longer be logged into.
  await revokeSubjectTokens(tx, 'customer', ids.fromCustomerId)
  return {}
})

// A revert: first what the survivor may have spent since, refused (409 merge-not-revertible) when it is gone. The
// order matters: credit before loyalty decides which refusal a revert of both spent gets, and nothing else is restored
// before both pass. The refusals are thrown here, right after each restore, rather than by the modules: credit and
// loyalty answer whether they could restore, and the customers module's error says why the merge cannot be reverted.
const back = ({ fromCustomerId, toCustomerId }: CustomersUnmerged) => ({ fromCustomerId, toCustomerId })
customersUnmerging.on('credit', async (tx, revert) => {
  const { storeCredit } = revert.moved
  const credit = await restoreStoreCredit(tx, { ...back(revert), entries: storeCredit.entries, amount: storeCredit.amount })
  if (!credit.restored) throw mergeCreditSpent(revert.mergeId, { balance: credit.balance, amount: storeCredit.amount })
})
customersUnmerging.on('loyalty', async (tx, revert) => {
  if (!revert.moved.loyalty) return
  const points = await restoreLoyalty(tx, { ...back(revert), moved: revert.moved.loyalty, orderIds: revert.moved.orders })
  if (!points.restored) throw mergePointsSpent(revert.mergeId, { owed: points.owed, held: points.held })
})
// Then, once the identifiers and fields are back, every other recorded part (those absent from older merges skipped),
// in the merge's order: each restores its own rows, so only the statements' order hangs on it, kept as it always ran.
customersUnmerged.on('carts', async (tx, revert) => {
  await restoreCustomerCarts(tx, { ...back(revert), ids: revert.moved.carts })
  await restoreWishlist(tx, { ...back(revert), moved: revert.moved.wishlist.moved, dropped: revert.moved.wishlist.dropped })
})
customersUnmerged.on('orders', async (tx, revert) => {
  await restoreCustomerOrders(tx, { ...back(revert), ids: revert.moved.orders })
})
customersUnmerged.on('returns', async (tx, revert) => {
  await restoreCustomerReturns(tx, { ...back(revert), ids: revert.moved.returns })
})
customersUnmerged.on('journeys', async (tx, revert) => {
  await restoreTouchpoints(tx, { ...back(revert), ids: revert.moved.touchpoints })
})
customersUnmerged.on('customers', (tx, revert) => restoreConsents(tx, { ...back(revert), moved: revert.moved.consents }))
customersUnmerged.on('auth', async (tx, revert) => {
  await restoreCustomerDevices(tx, { ...back(revert), ids: revert.moved.devices })
})
customersUnmerged.on('credit', (tx, revert) => restoreCustomerGiftCards(tx, { ...back(revert), ids: revert.moved.giftCards ?? [] }))
customersUnmerged.on('customers', async (tx, revert) => {
  if (revert.moved.groups) await restoreGroupMemberships(tx, { ...back(revert), moved: revert.moved.groups })
})
customersUnmerged.on('promotions', async (tx, revert) => {
  if (revert.moved.promotions) await restoreCustomerPromotions(tx, { ...back(revert), moved: revert.moved.promotions })
})
customersUnmerged.on('reviews', async (tx, revert) => {
  if (revert.moved.reviews) await restoreCustomerReviews(tx, { ...back(revert), moved: revert.moved.reviews })
})

// An erasure: what refuses it (one module answers), then each module's rows in two steps around the customers
// module's own and the webhooks' (gdpr.ts). Within a step the order is the one the erasure has always run: each
// module erases or anonymises its own rows, so only the statements' order hangs on it; the counts join by name.
customerErasureAsked.on('orders', async (tx, { customerIds }) => ({ ordersInProgress: await listOrdersInProgress(tx, customerIds) }))
customerErasing.on('journeys', async (tx, { customerIds, deviceIds }) => {
  let touchpoints = 0
  for (const customerId of customerIds) touchpoints += await eraseTouchpoints(tx, { customerId, deviceIds })
  return { touchpoints }
})
customerErasing.on('carts', async (tx, { customerIds }) => {
  const carts = await eraseCustomerCarts(tx, customerIds)
  return { openCarts: carts.cartsDeleted, wishlistItems: carts.wishlistItemsDeleted, closedCarts: carts.cartsDetached }
})
customerErasing.on('auth', async (tx, { customerIds }) => {
  const access = await eraseCustomerAccess(tx, customerIds)
  return { sessions: access.tokensRevoked, devices: access.devicesUnlinked }
})
customerErasing.on('orders', async (tx, { customerIds }) => ({ orders: await anonymiseCustomerOrders(tx, customerIds) }))
customerErasing.on('returns', async (tx, { customerIds }) => ({ returns: await anonymiseCustomerReturns(tx, customerIds) }))
// Her reviews go: what she wrote is hers, and no account needs it kept.
customerErasing.on('reviews', async (tx, { customerIds }) => ({ reviews: await eraseCustomerReviews(tx, customerIds) }))
customerErased.on('credit', async (tx, { customerIds }) => ({ storeCreditEntries: await countCustomerCreditEntries(tx, customerIds) }))
// Her points ledger is accounting: it stays, its free-text notes go.
customerErased.on('loyalty', async (tx, { customerIds }) => ({ loyaltyEntries: await anonymiseCustomerLoyalty(tx, customerIds) }))
customerErased.on('credit', async (tx, { customerIds }) => {
  // Her gift cards stay spendable by whoever holds their code, but no longer name her.
  await detachCustomerGiftCards(tx, customerIds)
  return {}
})
customerErased.on('promotions', async (tx, { customerIds }) => {
  // Her vouchers are disabled and her use counts go; her orders' discounts stay with the orders.
  await eraseCustomerPromotions(tx, customerIds)
  return {}
})

// Her devices (for the export and the erasure): auth, the one module asked, knows which are hers and which are kiosks.
customerDevicesAsked.on('auth', async (tx, { customerIds, identified }) =>
  withoutKioskDevices(tx, [...new Set([...(await customerDeviceIds(tx, customerIds)), ...identified])]),
)

// The GDPR export: each module answers its sections. The order does not matter: the handlers only read, and the
// document's order is gdpr-export.ts's, whatever order the sections are answered in.
customerExporting.on('auth', async (tx, { customerId, deviceIds }) => {
  const { devices, sessions } = await exportCustomerDevices(tx, { customerId, deviceIds })
  return { devices, sessions }
})
customerExporting.on('carts', async (tx, { customerId }) => ({
  carts: await exportCustomerCarts(tx, customerId),
  wishlist: await exportCustomerWishlist(tx, customerId),
}))
customerExporting.on('orders', async (tx, { customerId }) => ({ orders: await exportCustomerOrders(tx, customerId) }))
customerExporting.on('returns', async (tx, { customerId }) => ({ returns: await exportCustomerReturns(tx, customerId) }))
customerExporting.on('credit', async (tx, { customerId }) => ({ storeCredit: await exportCustomerStoreCredit(tx, customerId) }))
customerExporting.on('journeys', async (tx, { customerId }) => ({ touchpoints: await exportCustomerTouchpoints(tx, customerId) }))
customerExporting.on('credit', async (tx, { customerId }) => ({ giftCards: await exportCustomerGiftCards(tx, customerId) }))
customerExporting.on('promotions', async (tx, { customerId }) => ({ promotions: await exportCustomerPromotions(tx, customerId) }))
customerExporting.on('loyalty', async (tx, { customerId }) => ({ loyalty: await exportCustomerLoyalty(tx, customerId) }))
customerExporting.on('reviews', async (tx, { customerId }) => ({ reviews: await exportCustomerReviews(tx, customerId) }))

// A seller identifying her at the counter is a store visit on her timeline (one handler: no order).
customerIdentifiedInStore.on('journeys', (tx, visit) => recordStoreVisit(tx, visit))

// ── Carts and promotions ─────────────────────────────────────────────────────────────────────────────────────────

// No order to keep here: each hook has one handler. Backing rewards is run (several modules could back a promotion);
// the two questions are asked of orders, the one module that knows.
// A coupon-only promotion whose vouchers loyalty sells for points keeps what those vouchers are worth.
backingRewards.on('loyalty', (tx, { promotionId }) => activeRewardsOf(tx, promotionId))
// A first-order offer asks whether she has ordered; a cart that became an order shows that order's discounts.
customerHasOrdered.on('orders', (tx, { customerId }) => hasPlacedOrder(tx, customerId))
orderedLineDiscounts.on('orders', (tx, { orderId }) => orderLineDiscounts(tx, orderId))

// ── Orders and returns ───────────────────────────────────────────────────────────────────────────────────────────

// The order matters in both hooks: promotions before loyalty is the lock order that checkout, cancellations and
// returns all follow (promotion counters, then the loyalty account), so two of them never deadlock.
// An order's status moved: a cancelled order gives its promotion and coupon uses back; loyalty earns the order's
// points pending when it is paid, confirms them when it closes and drops them when it is cancelled.
orderStatusChanged.on('promotions', async (tx, { order, passed }) => {
  if (passed.includes('cancelled')) await releaseOrderPromotions(tx, { orderId: order.id, reason: 'cancelled' })
})
orderStatusChanged.on('loyalty', (tx, input) => onOrderMoved(tx, input))
// A cancelled order no longer verifies a review: reviews re-point to another paid order of hers or lose the mark.
orderStatusChanged.on('reviews', async (tx, { order, passed }) => {
  if (passed.includes('cancelled')) await reverifyCancelledOrderReviews(tx, order.id)
})

// A return was refunded: promotions give back the order's uses once it is all returned and refunded, loyalty takes
// back the points of the goods refunded (the rules are returns', settle.ts).
returnRefunded.on('promotions', async (tx, { row }) => {
  if (await promotionsReleasableOnRefund(tx, row)) await releaseOrderPromotions(tx, { orderId: row.orderId, reason: 'returned' })
})
returnRefunded.on('loyalty', async (tx, { row }) => {
  const reversal = await pointsReversalOf(tx, row)
  if (reversal) await reverseReturnPoints(tx, reversal)
})

sealHooks()
