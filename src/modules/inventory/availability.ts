/**
 * Availability reads for shelf QR codes, product pages and kiosks: one statement each, public. These join the
 * catalogue's, locations' and channels' tables in SQL (one indexed statement on the hot path) rather than calling
 * their services one by one.
 */
import { sql, type SQL } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import { findPostalCodeCoordinates } from '../locations/service.js'
import { originRequired, unknownChannel, unknownVariantCode, variantCodeRequired } from './errors.js'
import { stockStatus, type StockStatus } from './policies.js'

export interface VariantCode {
  sku?: string
  barcode?: string
  variantId?: string
}

export interface LocationAvailability {
  locationId: string
  code: string
  name: string
  kind: 'warehouse' | 'store'
  available: number
  status: StockStatus
  onHand?: number
  reserved?: number
  safetyStock?: number
  incoming?: number
}

export interface VariantAvailability {
  variant: { id: string; sku: string; barcode: string | null }
  totalAvailable: number
  status: StockStatus
  locations: LocationAvailability[]
}

/** The variant condition for exactly one of sku (any case), barcode or id; each hits a unique index. */
function variantMatch(code: VariantCode): { where: SQL; field: string; value: string } {
  const given = [code.sku, code.barcode, code.variantId].filter((c) => c !== undefined)
  if (given.length !== 1) throw variantCodeRequired()
  if (code.sku !== undefined) return { where: sql`upper(v.sku) = upper(${code.sku})`, field: '/query/sku', value: code.sku }
  if (code.barcode !== undefined) return { where: sql`v.barcode = ${code.barcode}`, field: '/query/barcode', value: code.barcode }
  return { where: sql`v.id = ${code.variantId}`, field: '/query/variantId', value: code.variantId ?? '' }
}

/** Only the channel's fulfilment locations; a channel that lists none fulfils from every active location. */
function channelFilter(channelId: string | undefined): SQL {
  if (channelId === undefined) return sql``
  return sql`and (not exists (select 1 from channel_fulfilment_locations f where f.channel_id = ${channelId})
    or exists (select 1 from channel_fulfilment_locations f where f.channel_id = ${channelId} and f.location_id = s.location_id))`
}

const channelKnown = (channelId: string | undefined) => (channelId === undefined ? sql`true` : sql`exists (select 1 from channels c where c.id = ${channelId})`)

type Row = {
  variant_id: string
  sku: string
  barcode: string | null
  product_status: string
  channel_known: boolean
  location_id: string | null
  code: string | null
  name: string | null
  kind: 'warehouse' | 'store' | null
  on_hand: number | null
  reserved: number | null
  safety_stock: number | null
  incoming: number | null
  available: number | null
}

/**
 * Per-location availability of one variant (and the total), optionally only where a channel may fulfil from.
 * Anonymous callers see available and status; `detailed` adds on hand, reserved, safety stock and incoming.
 * Plan: product_variants_sku_key (upper(sku)) / product_variants_barcode_key / product_variants_pkey → products_pkey →
 * stock_levels_pkey (variant_id, location_id) prefix → locations_pkey per level.
 */
export async function availabilityOf(tx: Tx, input: VariantCode & { channelId?: string; detailed: boolean }): Promise<VariantAvailability> {
  const match = variantMatch(input)
  const result = await tx.execute(sql`
    select v.id as variant_id, v.sku, v.barcode, p.status as product_status, ${channelKnown(input.channelId)} as channel_known, x.*
    from product_variants v
    join products p on p.id = v.product_id
    left join lateral (
      select l.id as location_id, l.code, l.name, l.kind, s.on_hand, s.reserved, s.safety_stock, s.incoming,
        greatest(0, s.on_hand - s.reserved - s.safety_stock) as available
      from stock_levels s join locations l on l.id = s.location_id
      where s.variant_id = v.id and l.active ${channelFilter(input.channelId)}
    ) x on true
    where ${match.where}
    order by x.kind desc, x.name`)
  const rows = rowsOf<Row>(result)
  const first = rows[0]
  if (!first || (first.product_status !== 'active' && !input.detailed)) throw unknownVariantCode(match.field, match.value)
  if (!first.channel_known) throw unknownChannel(input.channelId ?? '')
  const locations = rows
    .filter((r) => r.location_id !== null)
    .map((r): LocationAvailability => {
      const available = Number(r.available)
      const base = {
        locationId: r.location_id ?? '',
        code: r.code ?? '',
        name: r.name ?? '',
        kind: r.kind ?? 'store',
        available,
        status: stockStatus(available),
      }
      return input.detailed
        ? { ...base, onHand: Number(r.on_hand), reserved: Number(r.reserved), safetyStock: Number(r.safety_stock), incoming: Number(r.incoming) }
        : base
    })
  const totalAvailable = locations.reduce((sum, l) => sum + l.available, 0)
  return { variant: { id: first.variant_id, sku: first.sku, barcode: first.barcode }, totalAvailable, status: stockStatus(totalAvailable), locations }
}

export interface NearbyStore {
  locationId: string
  code: string
  name: string
  address: { line1: string; postalCode: string; city: string }
  available: number
  status: StockStatus
  distanceKm: number
}

/**
 * Active stores holding at least `minQuantity` available units of the variant, nearest first, with the great-circle
 * distance (earthdistance). The origin is given coordinates, or a postal code's centre (400 unknown-postal-code).
 */
export async function nearestAvailability(
  tx: Tx,
  input: VariantCode & { postalCode?: string; country?: string; latitude?: number; longitude?: number; limit: number; minQuantity: number; channelId?: string },
) {
  const match = variantMatch(input)
  let origin: { latitude: number; longitude: number; postalCode: string | null }
  if (input.latitude !== undefined && input.longitude !== undefined) {
    origin = { latitude: input.latitude, longitude: input.longitude, postalCode: null }
  } else if (input.postalCode !== undefined) {
    const point = await findPostalCodeCoordinates(tx, { country: input.country ?? 'FR', postalCode: input.postalCode })
    origin = { ...point, postalCode: input.postalCode }
  } else {
    throw originRequired()
  }
  const here = sql`ll_to_earth(${origin.latitude}::float8, ${origin.longitude}::float8)`
  const result = await tx.execute(sql`
    select v.id as variant_id, v.sku, v.barcode, p.status as product_status, ${channelKnown(input.channelId)} as channel_known, x.*
    from product_variants v
    join products p on p.id = v.product_id
    left join lateral (
      select l.id as location_id, l.code, l.name, l.address_line1, l.postal_code, l.city,
        greatest(0, s.on_hand - s.reserved - s.safety_stock) as available,
        earth_distance(${here}, ll_to_earth(l.latitude, l.longitude)) / 1000.0 as distance_km
      from stock_levels s join locations l on l.id = s.location_id
      where s.variant_id = v.id and l.active and l.kind = 'store'
        and s.on_hand - s.reserved - s.safety_stock >= ${input.minQuantity}::int ${channelFilter(input.channelId)}
      order by distance_km
      limit ${input.limit}::int
    ) x on true
    where ${match.where} and p.status = 'active'
    order by x.distance_km`)
  type NearRow = Omit<Row, 'kind' | 'on_hand' | 'reserved' | 'safety_stock' | 'incoming'> & {
    address_line1: string
    postal_code: string
    city: string
    distance_km: number
  }
  const rows = rowsOf<NearRow>(result)
  const first = rows[0]
  if (!first) throw unknownVariantCode(match.field, match.value)
  if (!first.channel_known) throw unknownChannel(input.channelId ?? '')
  const items: NearbyStore[] = rows
    .filter((r) => r.location_id !== null)
    .map((r) => ({
      locationId: r.location_id ?? '',
      code: r.code ?? '',
      name: r.name ?? '',
      address: { line1: r.address_line1, postalCode: r.postal_code, city: r.city },
      available: Number(r.available),
      status: stockStatus(Number(r.available)),
      distanceKm: Math.round(Number(r.distance_km) * 10) / 10,
    }))
  return { variant: { id: first.variant_id, sku: first.sku, barcode: first.barcode }, origin, items }
}
