/**
 * The till's copy of the catalogue as pure data and functions: one record per variant of the store channel, with every
 * code that finds it and the unit price on that channel (the catalogue price, or the price list of the channel that
 * wins: highest priority, then lowest price, in its window). Customer-group lists and promotions are not applied
 * offline: the server prices the sale again at checkout when it is synced (see catalogue.ts).
 */
import type { components } from '@omnicanal/client'

type Money = components['schemas']['Money']
type Product = components['schemas']['Product']
type PriceList = components['schemas']['PriceList']

export interface OfflineVariant {
  id: string
  productId: string
  sku: string
  barcode: string | null
  /** What a till may type or scan to find it: the SKU upper-cased, the barcode. */
  codes: string[]
  title: { fr: string; en: string }
  options: Record<string, string>
  /** The unit price on the store channel, before promotions. */
  price: Money
  cataloguePrice: Money
  /** The code of the price list that set `price`, null for the catalogue price. */
  priceList: string | null
}

export interface SnapshotMeta {
  channelId: string
  takenAt: string
  variantCount: number
  /** The price lists applied (empty when none, or when this account may not read them). */
  priceLists: string[]
  /** False when this account may not read price lists: prices are the catalogue's. */
  priceListsRead: boolean
  /** Active promotions of the channel, by name, shown to say what the server will apply at sync. */
  promotions: string[]
}

/** A typed or scanned code as the snapshot indexes it. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase()
}

function listApplies(list: PriceList, channelId: string, currency: string, now: Date): boolean {
  const t = now.getTime()
  return (
    list.active &&
    list.currency === currency &&
    list.channelIds.includes(channelId) &&
    (list.startsAt === null || Date.parse(list.startsAt) <= t) &&
    (list.endsAt === null || Date.parse(list.endsAt) > t)
  )
}

/** A channel's applicable price lists, each with its prices by variant (built once per snapshot, not per variant). */
export interface IndexedList {
  code: string
  priority: number
  prices: Map<string, number>
}

/** The lists that apply to the channel now, their prices indexed by variant id. */
export function indexLists(lists: readonly PriceList[], channelId: string, currency: string, now: Date): IndexedList[] {
  return lists
    .filter((list) => listApplies(list, channelId, currency, now))
    .map((list) => ({ code: list.code, priority: list.priority, prices: new Map(list.prices.map((p) => [p.variantId, p.price])) }))
}

function bestPrice(variantId: string, catalogue: Money, indexed: readonly IndexedList[]): { price: Money; priceList: string | null } {
  let best: { amount: number; priority: number; code: string } | null = null
  for (const list of indexed) {
    const amount = list.prices.get(variantId)
    if (amount === undefined) continue
    if (!best || list.priority > best.priority || (list.priority === best.priority && amount < best.amount)) {
      best = { amount, priority: list.priority, code: list.code }
    }
  }
  return best ? { price: { amount: best.amount, currency: catalogue.currency }, priceList: best.code } : { price: catalogue, priceList: null }
}

/** The price of a variant on a channel: the winning list's price, else the catalogue's. */
export function channelPrice(variantId: string, catalogue: Money, lists: readonly PriceList[], channelId: string, now: Date): { price: Money; priceList: string | null } {
  return bestPrice(variantId, catalogue, indexLists(lists, channelId, catalogue.currency, now))
}

/** The snapshot's records for the active products given. */
export function offlineVariantsOf(products: readonly Product[], lists: readonly PriceList[], channelId: string, now: Date): OfflineVariant[] {
  // Indexed once per currency (every variant of a shop has one in practice): a lookup per variant, not a scan per list.
  const byCurrency = new Map<string, IndexedList[]>()
  const indexedFor = (currency: string): IndexedList[] => {
    let indexed = byCurrency.get(currency)
    if (!indexed) byCurrency.set(currency, (indexed = indexLists(lists, channelId, currency, now)))
    return indexed
  }
  return products
    .filter((product) => product.status === 'active')
    .flatMap((product) =>
      product.variants.map((variant) => {
        const { price, priceList } = bestPrice(variant.id, variant.price, indexedFor(variant.price.currency))
        return {
          id: variant.id,
          productId: product.id,
          sku: variant.sku,
          barcode: variant.barcode,
          codes: [...new Set([normaliseCode(variant.sku), ...(variant.barcode ? [normaliseCode(variant.barcode)] : [])])],
          title: product.title,
          options: variant.options,
          price,
          cataloguePrice: variant.price,
          priceList,
        }
      }),
    )
}
