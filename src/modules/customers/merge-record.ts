/**
 * What a profile merge records in customer_merges.moved, and the merge as the API shows it. Every module's part of
 * the record is typed here, in the customers module, because the record is ours: the modules above answer their part
 * through the customersMerged hook (merge.ts) in these shapes, and get it back through the unmerge hooks. Their own
 * types (carts' WishlistRow, credit's MovedStoreCredit, loyalty's MovedLoyalty, promotions' MovedPromotionData) are
 * not tied to these by any declaration: tsc checks them only where src/module-hooks.ts passes one for the other —
 * that what each move function returns is assignable to its part here (the customersMerged handlers' answers), and
 * that each part here is assignable to what the matching restore function takes (the unmerge handlers' arguments;
 * store credit's field by field). Assignable is not equal: a field a module adds to its result is stored untyped, and
 * a record read back from customer_merges is cast (movedOf), not checked.
 */
import type { MovedGroups } from './groups.js'
import type { IdentifierRef, MovedConsents, MovedProfile } from './merge-parts.js'
import type { customerMerges, MergeTrigger } from './schema.js'

type MergeRow = typeof customerMerges.$inferSelect

/** A wishlist item that moved or was dropped, its time as PostgreSQL wrote it (microseconds kept). */
export interface MergedWishlistItem {
  variantId: string
  channelId: string | null
  addedAt: string
}

/** Store credit ledger entries that moved, and the minor units added to the survivor's balance. */
export interface MergedStoreCredit {
  entries: string[]
  amount: number
}

/** Loyalty point balances, as the loyalty ledger keeps them. */
export interface PointBalances {
  available: number
  pending: number
  lifetime: number
}

/** The loyalty balances moved by ledger entries, a mark taken at the merge, and the vouchers (coupon ids) that moved. */
export interface MergedLoyalty extends PointBalances {
  mark: string
  vouchers: string[]
}

/** Vouchers bound to her and her orders' redemptions. */
export interface MergedPromotions {
  coupons: string[]
  redemptions: string[]
}

/** Reviews given to the survivor, and those set aside where both profiles reviewed one product (the older one). */
export interface MergedReviews {
  moved: string[]
  dropped: string[]
}

/** What customer_merges.moved holds: exactly what the merge changed. */
export type MergeMoved = {
  reason: string | null
  identifiers: IdentifierRef[]
  profile: MovedProfile
  carts: string[]
  mergedCarts: { cartId: string; intoCartId: string }[]
  wishlist: { moved: MergedWishlistItem[]; dropped: MergedWishlistItem[] }
  orders: string[]
  returns: string[]
  storeCredit: MergedStoreCredit
  touchpoints: string[]
  consents: MovedConsents
  devices: string[]
  /** Absent in merges recorded before gift cards and groups moved with a profile. */
  giftCards?: string[]
  groups?: MovedGroups
  /** Vouchers and redemptions (her per-customer uses add up on the survivor); absent in merges recorded before. */
  promotions?: MergedPromotions
  /** Loyalty balances (moved by ledger entries) and vouchers; absent in merges recorded before. */
  loyalty?: MergedLoyalty
  /** Reviews (ids only, never what she wrote); absent in merges recorded before. */
  reviews?: MergedReviews
}

/** The parts the customersMerged handlers answer: all of the record but the merge's own reason, identifiers and fields. */
export type MergedParts = Required<Omit<MergeMoved, 'reason' | 'identifiers' | 'profile'>>

/**
 * Every part the customersMerged handlers must answer, for collectParts (merge.ts): one nobody answered means a
 * module's rows stayed behind unrecorded (its handler is not wired), which a revert could never undo, so the merge
 * fails. The Record type makes tsc insist on each part.
 */
export const MERGED_PARTS: Record<keyof MergedParts, true> = {
  carts: true,
  mergedCarts: true,
  wishlist: true,
  orders: true,
  returns: true,
  storeCredit: true,
  touchpoints: true,
  consents: true,
  devices: true,
  giftCards: true,
  groups: true,
  promotions: true,
  loyalty: true,
  reviews: true,
}

/** The merge as the API shows it: counts and field names, never the identifiers or personal values themselves. */
export interface CustomerMergeView {
  id: string
  survivorId: string
  mergedId: string
  trigger: MergeTrigger
  reason: string | null
  actor: { kind: string; id: string | null }
  createdAt: string
  revertedAt: string | null
  revertedBy: { kind: string; id: string | null } | null
  moved: {
    identifiers: number
    carts: number
    mergedCarts: number
    orders: number
    returns: number
    touchpoints: number
    devices: number
    giftCards: number
    groups: number
    consentEvents: number
    wishlistItems: number
    storeCreditEntries: number
    storeCredit: { amount: number; currency: string }
    filledFields: string[]
  }
}

export function movedOf(row: MergeRow): MergeMoved {
  return row.moved as MergeMoved
}

export function toMergeView(row: MergeRow): CustomerMergeView {
  const moved = movedOf(row)
  return {
    id: row.id,
    survivorId: row.survivorId,
    mergedId: row.mergedId,
    trigger: row.trigger,
    reason: moved.reason,
    actor: { kind: row.actorKind, id: row.actorId },
    createdAt: row.createdAt.toISOString(),
    revertedAt: row.revertedAt?.toISOString() ?? null,
    revertedBy: row.revertedAt ? { kind: row.revertedByKind ?? 'system', id: row.revertedById } : null,
    moved: {
      identifiers: moved.identifiers.length,
      carts: moved.carts.length,
      mergedCarts: moved.mergedCarts.length,
      orders: moved.orders.length,
      returns: moved.returns.length,
      touchpoints: moved.touchpoints.length,
      devices: moved.devices.length,
      giftCards: moved.giftCards?.length ?? 0,
      groups: (moved.groups?.joined.length ?? 0) + (moved.groups?.dropped.length ?? 0),
      consentEvents: moved.consents.events.length,
      wishlistItems: moved.wishlist.moved.length + moved.wishlist.dropped.length,
      storeCreditEntries: moved.storeCredit.entries.length,
      storeCredit: { amount: moved.storeCredit.amount, currency: 'EUR' },
      filledFields: [...Object.keys(moved.profile.filled), ...(moved.profile.passwordFilled ? ['password'] : [])],
    },
  }
}
