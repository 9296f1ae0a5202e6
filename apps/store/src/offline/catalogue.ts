/**
 * Keeps the till's copy of the store channel's catalogue in IndexedDB while online — at start and every 30 minutes —
 * so that the sale screen finds a variant by SKU or barcode, with its title and unit price, without the network.
 *
 * What is cached: every variant of the active products (SKU, barcode, titles fr/en, options), its catalogue price and
 * the price of the channel's price lists when this account may read them (else the catalogue price, flagged in the
 * snapshot). Promotions are only listed by name: their rules (thresholds, segments, usage limits, coupons) are
 * recomputed by the server at checkout when the sale is synced, so a price rung offline is the price before
 * promotions and the order says the final total.
 */
import { useQuery } from '@tanstack/react-query'
import { dataOf, isNetworkError, ProblemError, type OmnicanalClient } from '../../../shared/api.js'
import { useSession } from '../../../shared/session.js'
import type { Schemas, StaffUser } from '../api.js'
import { offlineVariantsOf, normaliseCode, type OfflineVariant, type SnapshotMeta } from './catalogue-model.js'
import { tillDb } from './db.js'

const REFRESH_EVERY_MS = 30 * 60_000
const PAGE = 200
const PARALLEL = 4

/** The value of a read this account may not make (403): null, and the snapshot says so. */
async function unlessForbidden<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof ProblemError && error.status === 403) return null
    throw error
  }
}

async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = []
  let cursor: string | undefined
  do {
    const answer = await page(cursor)
    items.push(...answer.items)
    cursor = answer.nextCursor ?? undefined
  } while (cursor)
  return items
}

/** Runs `work` on every item, a few at a time (a catalogue of thousands must not open thousands of requests). */
async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let i = 0; i < items.length; i += PARALLEL) results.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(work))))
  return results
}

/** Takes a fresh snapshot of the channel's catalogue and replaces the old one in one transaction. */
export async function refreshCatalogue(api: OmnicanalClient, channelId: string, options: { readPricing: boolean }, now = new Date()): Promise<SnapshotMeta> {
  const summaries = await allPages((cursor) => dataOf(api.GET('/v1/products', { params: { query: { status: 'active', limit: PAGE, cursor } } })))
  const products = await inBatches(summaries, (summary) => dataOf(api.GET('/v1/products/{id}', { params: { path: { id: summary.id } } })))
  const listSummaries = !options.readPricing ? null : await unlessForbidden(() => allPages((cursor) => dataOf(api.GET('/v1/price-lists', { params: { query: { limit: PAGE, cursor } } }))))
  const wanted = (listSummaries ?? []).filter((list) => list.active && list.channelIds.includes(channelId))
  const lists: Schemas['PriceList'][] = await inBatches(wanted, (list) => dataOf(api.GET('/v1/price-lists/{id}', { params: { path: { id: list.id } } })))
  const promotions = !options.readPricing ? null : await unlessForbidden(() =>
    allPages((cursor) => dataOf(api.GET('/v1/promotions', { params: { query: { status: 'active', channelId, activeAt: now.toISOString(), limit: PAGE, cursor } } }))),
  )
  const variants = offlineVariantsOf(products, lists, channelId, now)
  const meta: SnapshotMeta = {
    channelId,
    takenAt: now.toISOString(),
    variantCount: variants.length,
    priceLists: [...new Set(variants.flatMap((variant) => (variant.priceList ? [variant.priceList] : [])))],
    priceListsRead: listSummaries !== null,
    promotions: (promotions ?? []).map((promotion) => promotion.name),
  }
  const db = await tillDb()
  const tx = db.transaction(['variants', 'meta'], 'readwrite')
  await tx.objectStore('variants').clear()
  for (const variant of variants) await tx.objectStore('variants').put(variant)
  await tx.objectStore('meta').put(meta, 'catalogue')
  await tx.done
  return meta
}

/** The variant a till code names in the snapshot (SKU in any case, or barcode); undefined if the snapshot lacks it. */
export async function findVariantOffline(skuOrBarcode: string): Promise<OfflineVariant | undefined> {
  return (await tillDb()).getFromIndex('variants', 'byCode', normaliseCode(skuOrBarcode))
}

export async function catalogueMeta(): Promise<SnapshotMeta | undefined> {
  return (await tillDb()).get('meta', 'catalogue')
}

/**
 * The snapshot of the store channel, refreshed at start and every 30 minutes while online; offline, the one kept.
 * `ageMs` says how old it is, for the sale screen to warn when prices may be stale.
 */
export function useCatalogueSnapshot(api: OmnicanalClient, channelId: string | undefined): { meta: SnapshotMeta | undefined; ageMs: number | null; refreshing: boolean; error: unknown } {
  // Price lists and promotions are read with pricing:manage, which store roles lack: not asked for a sure 403.
  const readPricing = useSession<StaffUser>().session?.user.role === 'admin'
  const query = useQuery({
    queryKey: ['offline-catalogue', channelId ?? null, readPricing],
    staleTime: REFRESH_EVERY_MS,
    refetchInterval: REFRESH_EVERY_MS,
    // Offline, the query runs anyway and falls back to the kept snapshot instead of waiting for the network.
    networkMode: 'always',
    retry: false,
    queryFn: async (): Promise<SnapshotMeta | null> => {
      const kept = await catalogueMeta()
      // The store's channel is not known yet (opened offline, its query waits for the network): the copy kept.
      if (channelId === undefined) return kept ?? null
      try {
        return await refreshCatalogue(api, channelId, { readPricing })
      } catch (error) {
        if (kept && kept.channelId === channelId && isNetworkError(error)) return kept
        throw error
      }
    },
  })
  const meta = query.data ?? undefined
  // eslint-disable-next-line react-hooks/purity -- an age shown at render time is what it means to show an age
  return { meta, ageMs: meta ? Date.now() - Date.parse(meta.takenAt) : null, refreshing: query.isFetching, error: query.error }
}
