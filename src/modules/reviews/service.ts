/**
 * Reviews: a customer's rating (1-5) and review of a product she bought on any channel (web, app, store, kiosk,
 * phone, marketplace), marked as a verified purchase with that channel's kind; their moderation; the published ones
 * and their aggregate on the product. Sits above orders, whose named query (findProductPurchase) verifies the
 * purchase; on the returns layer, importing nothing of it. Owns `reviews`.
 * Invariants: only the customer herself writes her review, and only of a product she has a paid order line of (paid
 * or later, orders.PURCHASED_ORDER_STATUSES; a merge moves orders to the survivor), a cancel re-pointing it to another
 * such order or marking it unverified (purchase-changes.ts, through the orders' status hook); one live review per
 * customer and product (partial unique index reviews_customer_product_key, so that concurrent submissions cannot both
 * win: the loser gets 409 review-exists naming the review); rating 1-5, title ≤ 120 and body ≤ 4000 characters (CHECKs as the last line); moderation moves
 * only along REVIEW_TRANSITIONS (policies.ts) under the row lock, with who, when and an optional note; her edit sends
 * the review back to pending; a rejected review is final. The public sees published reviews only, the reviewer as
 * "Léa G." (stored with the review at each write); she sees hers in every status (not which member of staff decided),
 * staff with customers:read any customer's, reviews:moderate the queue. Merges move all her reviews to the survivor
 * (of two live ones on a product, mergeKeeps picks one; the other is set aside, restored by a revert); an
 * erasure deletes them (customer-data.ts, reached through the customers hooks in src/module-hooks.ts).
 * Events (scoped to the reviewer, without what she wrote): reviews.review_submitted, reviews.review_published,
 * reviews.review_held, reviews.review_rejected; reviews.review_removed (ids only, unscoped) on erasure or merge.
 */
export { eraseCustomerReviews, exportCustomerReviews, moveCustomerReviews, restoreCustomerReviews, type MovedReviews } from './customer-data.js'
export { getReview, listCustomerReviews, listProductReviews, listReviews, REVIEW_SORT_KEYS, reviewAggregate, type ReviewAggregate } from './lists.js'
export { allowedReviewTransitions, averageTenths, mergeKeeps, REVIEW_TRANSITIONS, reviewerName } from './policies.js'
export { reverifyCancelledOrderReviews } from './purchase-changes.js'
export { REVIEW_STATUSES, type ReviewStatus } from './schema.js'
export { toReview, type PublicReviewView, type ReviewReader, type ReviewView } from './views.js'
export { editReview, moderateReview, submitReview, type ReviewText } from './write.js'
