/**
 * Seeds the demo shop of Maison Lumière (a French fashion retailer) from the pure generator in ./data: locations,
 * channels, staff, catalogue, stock, customers, a few dozen orders at every stage (./orders.ts) and customers' journeys across
 * channels (./journeys.ts), then promotions (./promotions.ts). The default shop is written in one transaction, so a first start
 * either has the whole shop or none of it. Large data sets (benchmarks) are written in batches with progress.
 */
import { sql } from 'drizzle-orm'
import { createStaffUser } from '../modules/auth/service.js'
import { insertCatalog } from '../modules/catalog/service.js'
import { createChannel, setFulfilmentLocations } from '../modules/channels/service.js'
import { insertCustomers, type NewCustomer } from '../modules/customers/service.js'
import { setStockLevels } from '../modules/inventory/service.js'
import { createLocation, upsertPostalCodes } from '../modules/locations/service.js'
import { seedDemoLoyalty } from '../modules/loyalty/service.js'
import { checkoutPolicyOf, type CheckoutPolicy } from '../modules/orders/service.js'
import { loadConfig } from '../platform/config.js'
import { rowsOf, type Database, type Tx } from '../platform/db.js'
import { withDeterministicIds } from '../platform/ids.js'
import { hashPassword } from '../platform/passwords.js'
import { generateCategories } from './generator/categories.js'
import { rngFor } from './generator/random.js'
import { generateCustomers, generateProducts, type DemoCustomer, type ProductWithStock } from './generator/index.js'
import { generateChannels, generateFulfilmentLocations, generateLocations, WAREHOUSE_CODE } from './generator/locations.js'
import { POSTAL_CODE_CENTRES } from './generator/places.js'
import { generateStaff } from './generator/staff.js'
import { seedDemoJourneys, type JourneySummary } from './journeys.js'
import { seedDemoLoyaltyBalances } from './loyalty-balances.js'
import { seedDemoOrders, type DemoStaffMember } from './orders.js'
import { seedDemoPromotions } from './promotions.js'

export const DEMO_DEFAULTS = { products: 150, customers: 300, orders: 40, journeys: 30 } as const

export interface SeedOptions {
  seed: number
  products: number
  customers: number
  log: (line: string) => void
  /** Demo orders to place once the shop exists (0 for none). */
  orders?: number
  /** Customers with a lived-in timeline, after the orders (./journeys.ts; 0 for none): consents, carts, wishlists, Léa. */
  journeys?: number
  /** Routing and attribution rules for the demo orders; the defaults of the configuration when left out. */
  policy?: CheckoutPolicy
  /** Called as rows are written, for a progress bar: (what, done, total). */
  progress?: (what: 'products' | 'customers', done: number, total: number) => void
}

export interface SeedSummary {
  locations: number
  channels: number
  staff: number
  products: number
  variants: number
  stockLevels: number
  customers: number
  orders: number
  /** null when no journeys were asked for. */
  journeys: JourneySummary | null
}

/** True when the database already holds a shop (locations exist): a restart must not reseed. */
export async function hasShopData(database: Database): Promise<boolean> {
  const result = await database.db.execute(sql`select exists (select 1 from locations) as present`)
  return rowsOf<{ present: boolean }>(result)[0]?.present === true
}

/** Seeds the default demo shop on a first start; does nothing when the database already holds a shop. */
export async function ensureDemoShop(database: Database, options: { seed: number; log: (line: string) => void; policy?: CheckoutPolicy }): Promise<void> {
  if (await hasShopData(database)) return
  options.log('First start: seeding the Maison Lumière demo shop…')
  const summary = await seedDemoShop(database, { ...options, ...DEMO_DEFAULTS, singleTransaction: true })
  options.log(`Demo shop ready: ${summary.products} products (${summary.variants} variants), ${summary.customers} customers, ${summary.orders} orders, ${summary.locations} locations.`)
}

async function hashOnce(cache: Map<string, Promise<string>>, password: string): Promise<string> {
  let hash = cache.get(password)
  if (!hash) {
    hash = hashPassword(password)
    cache.set(password, hash)
  }
  return hash
}

/** Writes locations, channels and staff; returns location ids by code. */
interface Organisation {
  locationIds: Map<string, string>
  channelIds: Map<string, string>
  staff: DemoStaffMember[]
  counts: Pick<SeedSummary, 'locations' | 'channels' | 'staff'>
}

async function seedOrganisation(tx: Tx, hashes: Map<string, Promise<string>>): Promise<Organisation> {
  const locationIds = new Map<string, string>()
  const locations = generateLocations()
  for (const location of locations) {
    const created = await createLocation(tx, {
      code: location.code,
      name: location.name,
      kind: location.kind,
      address: location.address,
      coordinates: { latitude: location.latitude, longitude: location.longitude },
      timezone: location.timezone,
      openingHours: location.openingHours,
      catchmentPostalCodes: location.catchmentPostalCodes,
    })
    locationIds.set(location.code, created.id)
  }
  const channels = generateChannels()
  const channelIds = new Map<string, string>()
  for (const channel of channels) {
    const created = await createChannel(tx, { code: channel.code, name: channel.name, kind: channel.kind, locationId: channel.locationCode ? locationIds.get(channel.locationCode) : null })
    channelIds.set(channel.code, created.id)
  }
  for (const { channelCode, locationCodes } of generateFulfilmentLocations()) {
    const channelId = channelIds.get(channelCode) ?? channelCode
    await setFulfilmentLocations(tx, { channelId, locations: locationCodes.map((code) => ({ locationId: locationIds.get(code) ?? code })) })
  }
  await upsertPostalCodes(
    tx,
    Object.entries(POSTAL_CODE_CENTRES).map(([postalCode, [latitude, longitude]]) => ({ country: 'FR', postalCode, latitude, longitude })),
  )
  const staff = generateStaff()
  const members: DemoStaffMember[] = []
  for (const member of staff) {
    const storeBound = member.role === 'store_manager' || member.role === 'store_associate'
    const created = await createStaffUser(tx, {
      email: member.email,
      displayName: member.displayName,
      role: member.role,
      passwordHash: member.role === 'integration' ? undefined : await hashOnce(hashes, member.password),
      locationIds: storeBound ? member.locationCodes.map((code) => locationIds.get(code) ?? code) : [],
      grantor: 'system',
    })
    members.push({ id: created.id, role: created.role, locationIds: created.locationIds })
  }
  return { locationIds, channelIds, staff: members, counts: { locations: locations.length, channels: channels.length, staff: staff.length } }
}

const PRODUCT_CHUNK = 500
const CUSTOMER_CHUNK = 5000

/** Runs one unit of work in a transaction: its own, or (for the default shop) the one enclosing the whole seed. */
type RunInTransaction = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>

/** Writes categories, then products, variants and stock in chunks of PRODUCT_CHUNK products. */
async function seedCatalogue(run: RunInTransaction, options: SeedOptions, locationIds: Map<string, string>) {
  await run((tx) => insertCatalog(tx, { categories: generateCategories(), products: [] }))
  const storeCodes = [...locationIds.keys()].filter((code) => code !== WAREHOUSE_CODE)
  const totals = { products: 0, variants: 0, stockLevels: 0 }
  // The first products' variants are what the demo orders sell.
  const sample: string[] = []
  let chunk: ProductWithStock[] = []
  const writeChunk = async () => {
    const written = chunk
    chunk = []
    await run(async (tx) => {
      const variantIds = await insertCatalog(tx, { categories: [], products: written.map((c) => c.product) })
      const levels = written.flatMap((c) =>
        c.stock.map((s) => ({ variantId: variantIds.get(s.sku) ?? '', locationId: locationIds.get(s.locationCode) ?? '', onHand: s.onHand })),
      )
      totals.stockLevels += await setStockLevels(tx, levels)
      totals.variants += variantIds.size
      if (sample.length === 0) sample.push(...[...variantIds.values()].slice(0, 400))
    })
    totals.products += written.length
    options.progress?.('products', totals.products, options.products)
  }
  for (const item of generateProducts({ seed: options.seed, count: options.products, warehouseCode: WAREHOUSE_CODE, storeCodes })) {
    chunk.push(item)
    if (chunk.length === PRODUCT_CHUNK) await writeChunk()
  }
  if (chunk.length > 0) await writeChunk()
  return { totals, sample }
}

function toNewCustomer(customer: DemoCustomer, passwordHash: string | null): NewCustomer {
  return {
    email: customer.email,
    passwordHash,
    firstName: customer.firstName,
    lastName: customer.lastName,
    phone: customer.phone,
    postalCode: customer.postalCode,
    locale: customer.locale,
    loyaltyCard: customer.loyaltyCard,
  }
}

async function seedCustomers(run: RunInTransaction, options: SeedOptions, hashes: Map<string, Promise<string>>): Promise<number> {
  let inserted = 0
  let batch: NewCustomer[] = []
  const flush = async () => {
    const rows = batch
    batch = []
    inserted += await run((tx) => insertCustomers(tx, rows))
    options.progress?.('customers', inserted, options.customers)
  }
  for (const customer of generateCustomers({ seed: options.seed, count: options.customers })) {
    batch.push(toNewCustomer(customer, customer.password ? await hashOnce(hashes, customer.password) : null))
    if (batch.length >= CUSTOMER_CHUNK) await flush()
  }
  if (batch.length > 0) await flush()
  return inserted
}

/** The instant every demo id is stamped with (one millisecond more per stage, so ids still sort by creation). */
export const DEMO_ID_TIME = Date.UTC(2025, 0, 1)

async function seedAll(run: RunInTransaction, options: SeedOptions): Promise<SeedSummary> {
  const hashes = new Map<string, Promise<string>>()
  // Each stage draws its ids from its own seeded stream: the same seed gives the same ids (the API documentation's
  // examples name them), and a row added to one stage leaves the ids of the others as they were.
  let stages = 0
  const stage = <T>(name: string, work: () => Promise<T>) => withDeterministicIds({ random: rngFor(options.seed, `ids:${name}`), time: DEMO_ID_TIME + stages++ }, work)
  const organisation = await stage('organisation', () => run((tx) => seedOrganisation(tx, hashes)))
  // The loyalty programme's tiers and rewards; the demo orders earn their points by themselves (the orders hook).
  await stage('loyalty', () => run((tx) => seedDemoLoyalty(tx)))
  const catalogue = await stage('catalogue', () => seedCatalogue(run, options, organisation.locationIds))
  const customers = await stage('customers', () => seedCustomers(run, options, hashes))
  const policy = options.policy ?? checkoutPolicyOf(loadConfig({}))
  const orders =
    (options.orders ?? 0) > 0
      ? await stage('orders', () => run((tx) => seedDemoOrders(tx, { seed: options.seed, count: options.orders ?? 0, policy, ...organisation, variantIds: catalogue.sample })))
      : 0
  const journeys =
    (options.journeys ?? 0) > 0
      ? await stage('journeys', () =>
          run((tx) => seedDemoJourneys(tx, { seed: options.seed, customers: options.customers, count: options.journeys ?? 0, policy, ...organisation, variantIds: catalogue.sample })),
        )
      : null
  // After the orders and journeys: launched today, so the orders already placed keep their prices.
  await stage('promotions', () => run((tx) => seedDemoPromotions(tx, { channelIds: organisation.channelIds })))
  // After the journeys, which create Léa: the points the README's redemption example spends.
  await stage('loyalty-balances', () => run((tx) => seedDemoLoyaltyBalances(tx)))
  return { ...organisation.counts, ...catalogue.totals, customers, orders, journeys }
}

/**
 * Seeds a shop of the given size into an empty database. With `singleTransaction` (the default shop on first start)
 * everything commits together, so an interrupted first start leaves no half shop; large data sets commit chunk by
 * chunk instead, so that no transaction grows huge.
 */
export async function seedDemoShop(database: Database, options: SeedOptions & { singleTransaction?: boolean }): Promise<SeedSummary> {
  if (options.singleTransaction) return database.transaction((tx) => seedAll((work) => work(tx), options))
  return seedAll((work) => database.transaction(work), options)
}
