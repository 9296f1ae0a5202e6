/**
 * A dedicated data set for reading stock at scale, written straight in SQL (generate_series) into a fresh scratch
 * database: LOCATIONS locations (WAREHOUSES warehouses, the rest stores, coordinates spread over mainland France),
 * `variants` variants of active products (10 per product, SKU `BENCH-0000001`…, no barcode) and one stock_levels row
 * per (variant, location). The ledger (stock_movements) is left empty: a read benchmark does not need it, and
 * the levels are what the availability reads scan. Also writes the demo's postal-code centres for the nearest-store
 * read, then ANALYZE.
 */
import { sql } from 'drizzle-orm'
import { POSTAL_CODE_CENTRES } from '../../src/demo/generator/places.js'
import { upsertPostalCodes } from '../../src/modules/locations/service.js'
import { rowsOf, type Database } from '../../src/platform/db.js'

export const LOCATIONS = 50
const WAREHOUSES = 6
export const VARIANTS_PER_PRODUCT = 10

export const skuOf = (n: number) => `BENCH-${String(n).padStart(7, '0')}`
export const POSTAL_CODES = Object.keys(POSTAL_CODE_CENTRES)

export interface BigInventorySummary {
  locations: number
  products: number
  variants: number
  stockLevels: number
  seconds: number
}

/** Writes the data set; `variants` is rounded up to whole products. Resolves once ANALYZE has run. */
export async function seedBigInventory(database: Database, variants: number, log: (line: string) => void): Promise<BigInventorySummary> {
  const started = performance.now()
  const products = Math.ceil(variants / VARIANTS_PER_PRODUCT)
  const total = products * VARIANTS_PER_PRODUCT
  const { db } = database
  // Stores on a coarse grid over mainland France (lat 43.3–50.6, lon −1.2–7.2), warehouses first.
  await db.execute(sql`
    insert into locations (id, code, name, kind, address_line1, postal_code, city, country, latitude, longitude)
    select 'loc_bench_' || lpad(i::text, 3, '0'),
      case when i <= ${WAREHOUSES}::int then 'bench-warehouse-' else 'bench-store-' end || i,
      'Bench ' || case when i <= ${WAREHOUSES}::int then 'entrepôt ' else 'boutique ' end || i,
      case when i <= ${WAREHOUSES}::int then 'warehouse' else 'store' end,
      i || ' rue du Banc', lpad((1000 + (i * 1931) % 94000)::text, 5, '0'), 'Ville ' || i, 'FR',
      43.3 + ((i * 37) % 50) * 0.146, -1.2 + ((i * 53) % 50) * 0.168
    from generate_series(1, ${LOCATIONS}::int) i`)
  await database.transaction((tx) =>
    upsertPostalCodes(
      tx,
      Object.entries(POSTAL_CODE_CENTRES).map(([postalCode, [latitude, longitude]]) => ({ country: 'FR', postalCode, latitude, longitude })),
    ),
  )
  await db.execute(sql`
    insert into products (id, handle, status, title_fr, title_en)
    select 'prd_bench_' || lpad(i::text, 6, '0'), 'bench-' || i, 'active', 'Article de banc ' || i, 'Bench item ' || i
    from generate_series(1, ${products}::int) i`)
  await db.execute(sql`
    insert into product_variants (id, product_id, sku, barcode, price, position)
    select 'var_bench_' || lpad(v::text, 7, '0'), 'prd_bench_' || lpad(((v - 1) / ${VARIANTS_PER_PRODUCT}::int + 1)::text, 6, '0'),
      'BENCH-' || lpad(v::text, 7, '0'), null, 1000 + (v % 90) * 100, (v - 1) % ${VARIANTS_PER_PRODUCT}::int
    from generate_series(1, ${total}::int) v`)
  log(`  ${LOCATIONS} locations, ${products} products, ${total} variants in ${((performance.now() - started) / 1000).toFixed(1)} s; stock levels…`)
  // The rows reference what was just written, so the foreign-key triggers (two look-ups per row) are skipped when the
  // role may (session_replication_role = replica needs a superuser): it halves the load time.
  const [role] = rowsOf<{ superuser: boolean }>(await db.execute(sql`select rolsuper as superuser from pg_roles where rolname = current_user`))
  const skipForeignKeyChecks = role?.superuser === true
  // on_hand 0–22 (one level in 23 is empty); nothing reserved. Written location by location, as goods-in at each
  // location would create them: a variant's 50 levels sit in 50 different pages, the worst case for a one-SKU read.
  for (let location = 1; location <= LOCATIONS; location++) {
    await database.transaction(async (tx) => {
      if (skipForeignKeyChecks) await tx.execute(sql`set local session_replication_role = replica`)
      await tx.execute(sql`
        insert into stock_levels (variant_id, location_id, on_hand, reserved)
        select 'var_bench_' || lpad(v::text, 7, '0'), 'loc_bench_' || lpad(${location}::int::text, 3, '0'), (v * 7 + ${location}::int * 13) % 23, 0
        from generate_series(1, ${total}::int) v`)
    })
    if (location % 10 === 0) log(`    ${(location * total).toLocaleString('en')} levels after ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  await db.execute(sql`analyze`)
  const [count] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from stock_levels`))
  return { locations: LOCATIONS, products, variants: total, stockLevels: count?.n ?? 0, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }
}
