/**
 * Price lists: explicit overrides of the catalogue price for named channels and/or customer groups.
 * Owns `price_lists` and `price_list_prices`.
 * Invariants: a list names at least one channel or group and only existing ones; its window is ordered; a price is
 * a non-negative integer in the list's currency, once per variant (primary key), upserted in one statement.
 * Events: pricing.price_list_created, pricing.price_list_updated, pricing.price_list_prices_changed.
 */
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm'
import { preconditionFailed, versionMatches, type ExpectedVersion } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { defineListOrder, listTablePage, type ListPage, type ListWindow } from '../../platform/list-order.js'
import { newId } from '../../platform/ids.js'
import { DomainError } from '../../platform/problems.js'
import { findVariantByCode, getVariantsByIds, type VariantWithProduct } from '../catalog/service.js'
import { getChannel } from '../channels/service.js'
import { customerGroupCodes } from '../customers/service.js'
import * as problems from './errors.js'
import { PRICING_EVENTS } from './events.js'
import { priceListPrices, priceLists } from './schema.js'

type PriceListRow = typeof priceLists.$inferSelect

export interface PriceListFields {
  name: string
  currency: string
  priority: number
  active: boolean
  startsAt: string | null
  endsAt: string | null
  channelIds: string[]
  customerGroupCodes: string[]
}

export interface PriceList extends PriceListFields {
  id: string
  code: string
  priceCount: number
  version: number
  createdAt: string
  updatedAt: string
}

export interface PriceListWithPrices extends PriceList {
  prices: { variantId: string; price: number }[]
}

const priceCountOf = sql<number>`(select count(*)::int from ${priceListPrices} where ${priceListPrices.priceListId} = ${priceLists.id})`

function toPriceList(row: PriceListRow, priceCount: number): PriceList {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    currency: row.currency,
    priority: row.priority,
    active: row.active,
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    channelIds: row.channelIds,
    customerGroupCodes: row.customerGroupCodes,
    priceCount,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The 400s a list's scope and window deserve before the CHECK constraints would answer a 500. */
async function checkFields(tx: Tx, fields: PriceListFields): Promise<void> {
  if (fields.channelIds.length + fields.customerGroupCodes.length === 0) throw problems.priceListScopeRequired('/body/channelIds')
  if (fields.startsAt && fields.endsAt && Date.parse(fields.endsAt) <= Date.parse(fields.startsAt)) throw problems.priceListWindowInvalid('/body/endsAt')
  for (const [index, channelId] of fields.channelIds.entries()) {
    try {
      await getChannel(tx, channelId)
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) throw problems.unknownChannel(channelId, `/body/channelIds/${index}`)
      throw error
    }
  }
  if (fields.customerGroupCodes.length === 0) return
  const known = await customerGroupCodes(tx)
  const index = fields.customerGroupCodes.findIndex((code) => !known.has(code))
  if (index >= 0) throw problems.unknownCustomerGroup(fields.customerGroupCodes[index] ?? '', `/body/customerGroupCodes/${index}`)
}

const dedupe = (values: readonly string[]) => [...new Set(values)]

/** Creates a price list; the code is unique (409 price-list-code-taken). */
export async function createPriceList(tx: Tx, input: Partial<PriceListFields> & { code: string; name: string }): Promise<PriceList> {
  const fields: PriceListFields = {
    name: input.name,
    currency: input.currency ?? 'EUR',
    priority: input.priority ?? 0,
    active: input.active ?? true,
    startsAt: input.startsAt ?? null,
    endsAt: input.endsAt ?? null,
    channelIds: dedupe(input.channelIds ?? []),
    customerGroupCodes: dedupe(input.customerGroupCodes ?? []),
  }
  await checkFields(tx, fields)
  const [row] = await tx
    .insert(priceLists)
    .values({ ...fields, id: newId('prl'), code: input.code, startsAt: toDate(fields.startsAt), endsAt: toDate(fields.endsAt) })
    .onConflictDoNothing({ target: priceLists.code })
    .returning()
  if (!row) throw problems.priceListCodeTaken(input.code)
  await emit(tx, PRICING_EVENTS.priceListCreated, { priceListId: row.id, code: row.code })
  return toPriceList(row, 0)
}

function toDate(value: string | null): Date | null {
  return value === null ? null : new Date(value)
}

export const PRICE_LIST_SORT_KEYS = ['priority', 'code', 'name', 'createdAt'] as const
const priceListOrder = defineListOrder<(typeof PRICE_LIST_SORT_KEYS)[number]>({
  keys: {
    priority: { sql: priceLists.priority, type: 'integer' },
    code: { sql: priceLists.code, type: 'text' },
    name: { sql: priceLists.name, type: 'text' },
    createdAt: { sql: priceLists.createdAt, type: 'time' },
  },
  tiebreaker: priceLists.id,
  defaultDescending: false,
  // The order in which lists win: the highest priority first, then by code.
  defaultSort: [
    { key: 'priority', descending: true },
    { key: 'code', descending: false },
  ],
})

/** One page of price lists, highest priority first then by code unless `sort` says otherwise. */
export async function listPriceLists(tx: Tx, input: ListWindow): Promise<ListPage<PriceList>> {
  return listTablePage(tx, priceLists, priceListOrder, input, undefined, async (rows) => {
    const ids = rows.map((row) => row.id)
    const counts =
      ids.length === 0
        ? []
        : await tx.select({ id: priceListPrices.priceListId, n: count() }).from(priceListPrices).where(inArray(priceListPrices.priceListId, ids)).groupBy(priceListPrices.priceListId)
    const priceCounts = new Map(counts.map((row) => [row.id, row.n]))
    return rows.map((row) => toPriceList(row, priceCounts.get(row.id) ?? 0))
  })
}

/** One price list with all its prices (by variant id), or a 404. */
export async function getPriceList(tx: Tx, input: { id: string }): Promise<PriceListWithPrices> {
  const [row] = await tx.select({ list: priceLists, priceCount: priceCountOf }).from(priceLists).where(eq(priceLists.id, input.id))
  if (!row) throw problems.priceListNotFound(input.id)
  const prices = await tx
    .select({ variantId: priceListPrices.variantId, price: priceListPrices.price })
    .from(priceListPrices)
    .where(eq(priceListPrices.priceListId, input.id))
    .orderBy(asc(priceListPrices.variantId))
  return { ...toPriceList(row.list, row.priceCount), prices }
}

/** Changes a list; the row is locked so that the scope check sees the fields it is combined with. */
export async function updatePriceList(tx: Tx, input: { id: string; changes: Partial<PriceListFields>; expectedVersion?: ExpectedVersion }): Promise<PriceListWithPrices> {
  const [row] = await tx.select().from(priceLists).where(eq(priceLists.id, input.id)).for('update')
  if (!row) throw problems.priceListNotFound(input.id)
  // Compared under the row lock just taken: 412 when the list moved past the request's If-Match.
  if (!versionMatches(row.version, input.expectedVersion)) throw preconditionFailed('price list', row.version)
  const current = toPriceList(row, 0)
  const changes = {
    ...input.changes,
    channelIds: input.changes.channelIds && dedupe(input.changes.channelIds),
    customerGroupCodes: input.changes.customerGroupCodes && dedupe(input.changes.customerGroupCodes),
  }
  const fields: PriceListFields = {
    name: changes.name ?? current.name,
    currency: changes.currency ?? current.currency,
    priority: changes.priority ?? current.priority,
    active: changes.active ?? current.active,
    startsAt: changes.startsAt === undefined ? current.startsAt : changes.startsAt,
    endsAt: changes.endsAt === undefined ? current.endsAt : changes.endsAt,
    channelIds: changes.channelIds ?? current.channelIds,
    customerGroupCodes: changes.customerGroupCodes ?? current.customerGroupCodes,
  }
  await checkFields(tx, fields)
  // Its amounts were keyed in for its currency: they would not mean the same in another.
  if (fields.currency !== current.currency) {
    const [priced] = await tx.select({ variantId: priceListPrices.variantId }).from(priceListPrices).where(eq(priceListPrices.priceListId, input.id)).limit(1)
    if (priced) throw problems.priceListCurrencyLocked(current.currency)
  }
  await tx
    .update(priceLists)
    .set({ ...fields, startsAt: toDate(fields.startsAt), endsAt: toDate(fields.endsAt), updatedAt: sql`now()` })
    .where(eq(priceLists.id, input.id))
  await emit(tx, PRICING_EVENTS.priceListUpdated, { priceListId: input.id, changes: Object.keys(input.changes) })
  return getPriceList(tx, { id: input.id })
}

export interface ListPriceInput {
  variantId?: string
  sku?: string
  price: number
}

async function variantOf(tx: Tx, input: ListPriceInput, known: Map<string, VariantWithProduct>, field: string): Promise<VariantWithProduct> {
  if ((input.variantId === undefined) === (input.sku === undefined)) throw problems.priceReferenceRequired(`${field}/variantId`)
  if (input.variantId !== undefined) {
    const variant = known.get(input.variantId)
    if (!variant) throw problems.unknownPriceVariant(input.variantId, `${field}/variantId`)
    return variant
  }
  const sku = input.sku ?? ''
  try {
    // catalog exports no batch lookup by SKU yet: one indexed read per SKU (variantIds cost one query in all).
    const variant = await findVariantByCode(tx, { code: sku, audience: 'staff' })
    if (variant.sku.toUpperCase() === sku.toUpperCase()) return variant
  } catch (error) {
    if (!(error instanceof DomainError && error.status === 404)) throw error
  }
  throw problems.unknownPriceVariant(sku, `${field}/sku`)
}

/** Sets up to 1000 prices of a list in one upsert; every variant must exist, once, in the list's currency. */
export async function setListPrices(tx: Tx, input: { id: string; prices: readonly ListPriceInput[] }): Promise<PriceListWithPrices> {
  const [list] = await tx.select().from(priceLists).where(eq(priceLists.id, input.id)).for('key share')
  if (!list) throw problems.priceListNotFound(input.id)
  const ids = input.prices.flatMap((entry) => (entry.variantId === undefined ? [] : [entry.variantId]))
  const known = new Map((await getVariantsByIds(tx, { ids, audience: 'staff' })).map((variant) => [variant.id, variant]))
  const rows: { priceListId: string; variantId: string; price: number }[] = []
  const seen = new Set<string>()
  for (const [index, entry] of input.prices.entries()) {
    const field = `/body/prices/${index}`
    const variant = await variantOf(tx, entry, known, field)
    if (seen.has(variant.id)) throw problems.duplicatePriceVariant(variant.id, field)
    if (variant.price.currency !== list.currency) throw problems.priceCurrencyMismatch(variant.id, variant.price.currency, list.currency, field)
    seen.add(variant.id)
    rows.push({ priceListId: list.id, variantId: variant.id, price: entry.price })
  }
  if (rows.length > 0) {
    await tx
      .insert(priceListPrices)
      .values(rows)
      .onConflictDoUpdate({ target: [priceListPrices.priceListId, priceListPrices.variantId], set: { price: sql`excluded.price`, updatedAt: sql`now()` } })
    await emit(tx, PRICING_EVENTS.priceListPricesChanged, { priceListId: list.id, variantIds: rows.map((row) => row.variantId) })
  }
  return getPriceList(tx, { id: list.id })
}

/** Removes one variant's price from a list (404 when it has none there). */
export async function removeListPrice(tx: Tx, input: { id: string; variantId: string }): Promise<void> {
  const removed = await tx
    .delete(priceListPrices)
    .where(and(eq(priceListPrices.priceListId, input.id), eq(priceListPrices.variantId, input.variantId)))
    .returning()
  if (removed.length === 0) {
    const [list] = await tx.select({ id: priceLists.id }).from(priceLists).where(eq(priceLists.id, input.id))
    throw list ? problems.listPriceNotFound(input.variantId) : problems.priceListNotFound(input.id)
  }
  await emit(tx, PRICING_EVENTS.priceListPricesChanged, { priceListId: input.id, variantIds: [input.variantId] })
}
