/**
 * Which price a cart pays for each variant: the catalogue price, unless an applicable price list names the variant.
 * Applicable lists are active, inside their window at `at`, in the cart's currency, and name the cart's channel or
 * one of the customer's groups. Among them the highest priority wins, then the lowest price, then the lowest list id
 * (so that the answer never depends on row order). One query for all the variants of a cart.
 */
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { groupCodesOfCustomerSql } from '../customers/service.js'
import { priceListPrices, priceLists } from './schema.js'

export interface ResolvedPrice {
  /** What the cart pays per unit, tax included. */
  price: number
  /** The catalogue price when a list lowered it (to show it struck through); null otherwise. */
  compareAt: number | null
  /** The list that set the price, or null for the catalogue price. */
  priceListId: string | null
}

export interface PriceResolutionInput {
  /** The variants with their catalogue price (the caller has loaded them already: pricing reads no catalog table). */
  variants: readonly { id: string; price: number }[]
  currency: string
  channelId: string
  customerId: string | null
  /** Defaults to the transaction's now(). */
  at?: Date
}

/** The price of every given variant for this channel and customer, by variant id. */
export async function resolvePrices(tx: Tx, input: PriceResolutionInput): Promise<Map<string, ResolvedPrice>> {
  const resolved = new Map<string, ResolvedPrice>(input.variants.map((variant) => [variant.id, { price: variant.price, compareAt: null, priceListId: null }]))
  if (input.variants.length === 0) return resolved
  const at = input.at ? sql`${input.at.toISOString()}::timestamptz` : sql`now()`
  const audience = input.customerId
    ? or(sql`${input.channelId}::text = any(${priceLists.channelIds})`, sql`${priceLists.customerGroupCodes} && ${groupCodesOfCustomerSql(input.customerId)}`)
    : sql`${input.channelId}::text = any(${priceLists.channelIds})`
  // DISTINCT ON keeps the first row per variant in the ORDER BY: the winning list. Relies on price_list_prices_variant_idx.
  const rows = await tx
    .selectDistinctOn([priceListPrices.variantId], { variantId: priceListPrices.variantId, price: priceListPrices.price, priceListId: priceLists.id })
    .from(priceListPrices)
    .innerJoin(priceLists, eq(priceLists.id, priceListPrices.priceListId))
    .where(
      and(
        inArray(priceListPrices.variantId, [...resolved.keys()]),
        eq(priceLists.active, true),
        eq(priceLists.currency, input.currency),
        sql`(${priceLists.startsAt} is null or ${priceLists.startsAt} <= ${at})`,
        sql`(${priceLists.endsAt} is null or ${priceLists.endsAt} > ${at})`,
        audience,
      ),
    )
    .orderBy(asc(priceListPrices.variantId), desc(priceLists.priority), asc(priceListPrices.price), asc(priceLists.id))
  for (const row of rows) {
    const catalogue = resolved.get(row.variantId)?.price ?? row.price
    resolved.set(row.variantId, { price: row.price, compareAt: row.price < catalogue ? catalogue : null, priceListId: row.priceListId })
  }
  return resolved
}
