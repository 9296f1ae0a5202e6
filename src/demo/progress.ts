/**
 * The progress bars of `npm run demo` for large data sets. Each bar's label is part of its own format rather than a
 * payload: cli-progress hands a bar its payload only when it draws live, so on output that is not a terminal (a CI
 * log, a pipe) the final lines used to print a literal `{what}`. There, the bars are printed as plain lines every few
 * seconds instead of being redrawn in place.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress'

export interface SeedProgress {
  update: (what: 'products' | 'customers', done: number) => void
  stop: () => void
}

/** How often the bars are printed as lines when the output is not a terminal. */
const LOG_EVERY_MS = 5000

/** Two bars, products and customers, written to `stream` (stderr by default, as cli-progress does). */
export function seedProgressBars(totals: { products: number; customers: number }, stream: NodeJS.WritableStream = process.stderr): SeedProgress {
  const bars = new MultiBar({ hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: LOG_EVERY_MS, stream }, Presets.shades_classic)
  const bar = (label: string, total: number): SingleBar => bars.create(total, 0, {}, { format: `  ${label} [{bar}] {value}/{total}` })
  const products = bar('products ', totals.products)
  const customers = bar('customers', totals.customers)
  return {
    update: (what, done) => (what === 'products' ? products : customers).update(done),
    stop: () => bars.stop(),
  }
}
