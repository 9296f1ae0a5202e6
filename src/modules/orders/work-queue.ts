/** A store's work queue: what to pick, prepare, wait for, hand over, and which reserve-in-store holds it keeps. */
import { and, asc, eq, inArray, or } from 'drizzle-orm'
import { canActAt, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { notFound } from '../../platform/problems.js'
import { fulfilmentLines, fulfilments, orderLines, orders, type FulfilmentMethod, type FulfilmentStatus } from './schema.js'

const OPEN = ['allocated', 'picking', 'in_transit', 'ready_for_pickup'] as const

export interface WorkItem {
  fulfilmentId: string
  orderId: string
  orderNumber: number
  method: FulfilmentMethod
  status: FulfilmentStatus
  sourceLocationId: string
  pickupLocationId: string | null
  transferId: string | null
  customer: { firstName: string | null; lastName: string | null }
  lines: { sku: string; title: { fr: string; en: string }; options: Record<string, string>; quantity: number }[]
  holdExpiresAt: string | null
  placedAt: string
  /** Too many wrong pickup codes: the handover waits for a manager (POST /v1/fulfilments/{id}/unlock-pickup). */
  pickupLocked: boolean
}

export interface WorkQueue {
  locationId: string
  /** Leaves this location: home deliveries and units sent to another store. */
  toPick: WorkItem[]
  /** Collected here from this store's own stock, not yet ready. */
  toPrepare: WorkItem[]
  /** Collected here, units still coming from elsewhere. */
  incoming: WorkItem[]
  /** Ready at the counter: hand over against the pickup code. */
  toHandOver: WorkItem[]
  /** Reserve-in-store holds (unpaid), soonest expiry first. */
  held: WorkItem[]
}

/** The open work of one location; store staff see only their own stores (another store answers 404). */
export async function getWorkQueue(tx: Tx, input: { locationId: string; actor: Actor | null }): Promise<WorkQueue> {
  if (!canActAt(input.actor, input.locationId) && !(input.actor?.kind === 'staff' && input.actor.role === 'call_centre_agent')) throw notFound('Location', input.locationId, '/params/id')
  const here = input.locationId
  // fulfilments_source_status_idx and fulfilments_pickup_status_idx
  const rows = await tx
    .select({ fulfilment: fulfilments, order: { number: orders.number, contact: orders.contact, holdExpiresAt: orders.holdExpiresAt, placedAt: orders.placedAt } })
    .from(fulfilments)
    .innerJoin(orders, eq(orders.id, fulfilments.orderId))
    .where(and(inArray(fulfilments.status, [...OPEN]), or(eq(fulfilments.sourceLocationId, here), eq(fulfilments.pickupLocationId, here))))
    .orderBy(asc(orders.placedAt), asc(fulfilments.id))
  const ids = rows.map((r) => r.fulfilment.id)
  const lines = ids.length
    ? await tx
        .select({ fulfilmentId: fulfilmentLines.fulfilmentId, quantity: fulfilmentLines.quantity, sku: orderLines.sku, title: orderLines.title, options: orderLines.options })
        .from(fulfilmentLines)
        .innerJoin(orderLines, eq(orderLines.id, fulfilmentLines.orderLineId))
        .where(inArray(fulfilmentLines.fulfilmentId, ids))
    : []
  const items = rows.map(({ fulfilment: f, order }) => ({
    fulfilmentId: f.id,
    orderId: f.orderId,
    orderNumber: order.number,
    method: f.method,
    status: f.status,
    sourceLocationId: f.sourceLocationId,
    pickupLocationId: f.pickupLocationId,
    transferId: f.transferId,
    customer: { firstName: order.contact.firstName, lastName: order.contact.lastName },
    lines: lines.filter((l) => l.fulfilmentId === f.id).map((l) => ({ sku: l.sku, title: l.title, options: l.options, quantity: l.quantity })),
    holdExpiresAt: f.method === 'reserve_in_store' ? (order.holdExpiresAt?.toISOString() ?? null) : null,
    placedAt: order.placedAt.toISOString(),
    pickupLocked: f.pickupLockedAt !== null,
  }))
  const preparing = (s: string) => s === 'allocated' || s === 'picking'
  return {
    locationId: here,
    toPick: items.filter((i) => i.sourceLocationId === here && i.pickupLocationId !== here && preparing(i.status)),
    toPrepare: items.filter((i) => i.sourceLocationId === here && i.pickupLocationId === here && preparing(i.status)),
    incoming: items.filter((i) => i.pickupLocationId === here && i.sourceLocationId !== here && i.status !== 'ready_for_pickup'),
    toHandOver: items.filter((i) => i.pickupLocationId === here && i.status === 'ready_for_pickup'),
    held: items.filter((i) => i.pickupLocationId === here && i.method === 'reserve_in_store').sort((a, b) => (a.holdExpiresAt ?? '').localeCompare(b.holdExpiresAt ?? '')),
  }
}
