/**
 * A sale rung at the till, as the device holds it until the server has it: what the sale screen builds and what the
 * offline queue keeps. Its `id` names it for good: the Idempotency-Keys of its cart and its checkout derive from it, so
 * however many times it is sent (a retry, a sync after the network came back), the server records it once.
 */
import type { components } from '@omnicanal/client'

export type Money = components['schemas']['Money']
export type Tender = components['schemas']['CashTender'] | components['schemas']['CardTerminalTender'] | components['schemas']['GiftCardTender'] | components['schemas']['StoreCreditTender']

export interface SaleLine {
  variantId: string
  sku: string
  /** The title as shown when rung (the language of the till). */
  title: string
  quantity: number
  /** The unit price shown when rung; the server prices the sale again at checkout. */
  unitPrice: Money
}

export interface SaleDraft {
  /** A UUID made when the sale starts; the base of its Idempotency-Keys. */
  id: string
  channelId: string
  locationId: string
  /** The identified customer; null for an anonymous sale. */
  customerId: string | null
  lines: SaleLine[]
  couponCodes: string[]
  payments: Tender[]
  /** Where the receipt goes, if she wants one by email. */
  receiptEmail: string | null
  createdAt: string
}

/** The two Idempotency-Keys of a sale: one for its cart, one for its checkout. */
export function saleKeys(draft: Pick<SaleDraft, 'id'>): { cart: string; checkout: string } {
  return { cart: `sale-${draft.id}-cart`, checkout: `sale-${draft.id}-checkout` }
}

/**
 * The tenders the server must check while the customer is at the till (a gift card's balance and PIN, a store credit's
 * balance): never kept on the device for later — the queue would hold a card's code and PIN in clear.
 */
export const NETWORK_ONLY_METHODS: ReadonlySet<Tender['method']> = new Set(['gift_card', 'store_credit'])

/** Whether a sale pays with a tender that cannot be taken offline. */
export function needsNetwork(payments: readonly Tender[]): boolean {
  return payments.some((tender) => NETWORK_ONLY_METHODS.has(tender.method))
}
