// The demo shop of Maison Lumière, a French fashion retailer: pure and deterministic, no database code.
// The same options always give deep-equal output; the seeder turns it into rows and creates the ids.

import type { DemoShop, DemoStock } from './types.js'
import { generateChannels, generateLocations, WAREHOUSE_CODE } from './locations.js'
import { generateCategories } from './categories.js'
import { generateProducts, type ProductWithStock } from './catalog.js'
import { generateStaff, STAFF_PASSWORDS } from './staff.js'
import { generateCustomers, DEMO_CUSTOMER_PASSWORD } from './customers.js'
import { assertInteger } from './random.js'

export type { DemoCategory, DemoChannel, DemoCustomer, DemoLocation, DemoProduct, DemoShop, DemoStaff, DemoStock, DemoVariant, Weekday } from './types.js'
export type { ProductWithStock }
export { generateCustomers, generateProducts, DEMO_CUSTOMER_PASSWORD, STAFF_PASSWORDS }

/** Sizes of the demo the `demo` script seeds by default. */
export const DEFAULT_DEMO_OPTIONS = { seed: 1, products: 150, customers: 300 } as const

/** The whole shop in memory; for bench-sized runs, stream with generateProducts and generateCustomers instead. */
export function generateDemoShop(options: { seed: number; products: number; customers: number }): DemoShop {
  const { seed, products: productCount, customers: customerCount } = options
  assertInteger('seed', seed)
  assertInteger('products', productCount, 0)
  assertInteger('customers', customerCount, 0)

  const locations = generateLocations()
  const storeCodes = locations.filter((location) => location.kind === 'store').map((location) => location.code)
  const products: DemoShop['products'] = []
  const stock: DemoStock[] = []
  const made = generateProducts({ seed, count: productCount, warehouseCode: WAREHOUSE_CODE, storeCodes })
  for (const { product, stock: rows } of made) {
    products.push(product)
    // push(...rows) is bounded by one product's rows (tens), far below the argument-count limit.
    stock.push(...rows)
  }
  return {
    locations,
    channels: generateChannels(),
    categories: generateCategories(),
    products,
    stock,
    staff: generateStaff(),
    customers: [...generateCustomers({ seed, count: customerCount })],
  }
}
