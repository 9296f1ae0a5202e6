/**
 * A store's day for its manager: what its till took per tender and per seller, its orders and average basket, the
 * click-and-collect work waiting now, and the returns received there. The day runs from midnight to midnight in the
 * location's own time zone (`locations.timezone`, Europe/Paris by default).
 */
import { sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { getStaffUser } from '../auth/service.js'
import { findLocation } from '../locations/service.js'
import { getWorkQueue, PAYMENT_METHODS, storeSalesBySeller, tenderTakingsAt, type PaymentMethod } from '../orders/service.js'
import { refundsGivenAt, returnsReceivedAt } from '../returns/service.js'
import { assertStoreManager } from './access.js'
import { locationNotFound } from './errors.js'

interface Money {
  amount: number
  currency: string
}

export interface StoreDay {
  locationId: string
  date: string
  timezone: string
  from: string
  to: string
  currency: string
  tenders: { method: PaymentMethod; count: number; amount: Money }[]
  sellers: { staffId: string | null; name: string | null; orderCount: number; total: Money }[]
  orders: { count: number; total: Money; averageBasket: Money }
  clickAndCollect: { toPrepare: number; incoming: number; readyToHandOver: number }
  returns: { received: number; total: Money; refunds: { method: string; count: number; amount: Money }[] }
}

/** The day's bounds as instants: local midnight to the next local midnight in `timezone` (23 or 25 hours on DST days). */
async function dayBounds(tx: Tx, date: string, timezone: string): Promise<{ from: Date; to: Date }> {
  const [row] = rowsOf<{ from: string | Date; to: string | Date }>(
    await tx.execute(sql`select (${date}::date)::timestamp at time zone ${timezone} as "from", ((${date}::date) + 1)::timestamp at time zone ${timezone} as "to"`),
  )
  if (!row) throw new Error('day bounds returned nothing')
  return { from: new Date(row.from), to: new Date(row.to) }
}

/** The manager's view of one day at one store; associates get a 403, another store's managers a 404. */
export async function getStoreDay(tx: Tx, input: { actor: Actor | null; locationId: string; date: string; currency: string }): Promise<StoreDay> {
  assertStoreManager(input.actor, input.locationId, () => locationNotFound(input.locationId))
  const location = await findLocation(tx, input.locationId)
  if (!location) throw locationNotFound(input.locationId)
  const { currency } = input
  const money = (amount: number): Money => ({ amount, currency })
  const bounds = await dayBounds(tx, input.date, location.timezone)
  const window = { locationId: location.id, currency, ...bounds }
  const takings = await tenderTakingsAt(tx, window)
  const sellers = await storeSalesBySeller(tx, window)
  const names = new Map<string, string>()
  for (const seller of sellers) if (seller.staffId) names.set(seller.staffId, (await getStaffUser(tx, seller.staffId)).displayName)
  const orderCount = sellers.reduce((sum, s) => sum + s.orderCount, 0)
  const orderTotal = sellers.reduce((sum, s) => sum + s.total, 0)
  const queue = await getWorkQueue(tx, { locationId: location.id, actor: input.actor })
  const received = await returnsReceivedAt(tx, window)
  const refunds = await refundsGivenAt(tx, window)
  return {
    locationId: location.id,
    date: input.date,
    timezone: location.timezone,
    from: bounds.from.toISOString(),
    to: bounds.to.toISOString(),
    currency,
    tenders: PAYMENT_METHODS.map((method) => {
      const took = takings.find((t) => t.method === method)
      return { method, count: took?.count ?? 0, amount: money(took?.amount ?? 0) }
    }),
    sellers: sellers
      .map((s) => ({ staffId: s.staffId, name: s.staffId ? (names.get(s.staffId) ?? null) : null, orderCount: s.orderCount, total: money(s.total) }))
      .sort((a, b) => b.total.amount - a.total.amount || (a.staffId ?? '').localeCompare(b.staffId ?? '')),
    orders: { count: orderCount, total: money(orderTotal), averageBasket: money(orderCount === 0 ? 0 : Math.round(orderTotal / orderCount)) },
    clickAndCollect: { toPrepare: queue.toPrepare.length, incoming: queue.incoming.length, readyToHandOver: queue.toHandOver.length },
    returns: { received: received.count, total: money(received.total), refunds: refunds.map((r) => ({ method: r.method, count: r.count, amount: money(r.amount) })) },
  }
}
