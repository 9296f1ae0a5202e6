/**
 * What the sale screen shows and does, whichever sale it is: a new sale built as a local draft (priced by a preview
 * cart on the server) or a customer's cart taken over from the web (the server cart itself). Totals always come from
 * a server cart, priced by the same function as online; never added up here.
 */
import type { Schemas } from '../../api.js'
import type { Money, Tender } from '../../sales/sale-draft.js'

export type Cart = Schemas['Cart']
export type Order = Schemas['Order']

export interface SaleLineView {
  variantId: string
  sku: string
  title: { fr: string; en: string } | string
  /** Size, colour… when the title does not already say them. */
  options?: Record<string, string>
  quantity: number
  unitPrice: Money
  /** After promotions, from the server cart; null while it is being priced (or offline). */
  total: Money | null
  discountTotal: Money | null
}

/** A variant found by scan or search, ready to become a line. */
export interface PickedVariant {
  id: string
  sku: string
  title: { fr: string; en: string }
  options: Record<string, string>
  price: Money
}

export interface SaleModel {
  kind: 'draft' | 'cart'
  customerId: string | null
  lines: SaleLineView[]
  /** The priced server cart (the preview of a draft, or the taken-over cart). */
  cart: Cart | null
  pricing: { isPending: boolean; error: unknown }
  coupons: string[]
  add(variant: PickedVariant): Promise<void>
  setQuantity(variantId: string, quantity: number): Promise<void>
  remove(variantId: string): Promise<void>
  addCoupon(code: string): Promise<void>
  removeCoupon(code: string): Promise<void>
  /** Records the sale with these tenders; resolves with the order, or null when the till kept it to send later (offline). */
  pay(tenders: Tender[]): Promise<Order | null>
}

/** The display title of a line in the till's language. */
export function titleIn(title: SaleLineView['title'], language: string): string {
  return typeof title === 'string' ? title : language === 'en' ? title.en : title.fr
}
