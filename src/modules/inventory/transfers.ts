/**
 * Transfers between locations: requested (units reserved at the source) → shipped (source on hand down, destination
 * incoming up) → received (destination on hand up; a shortfall is an adjustment), or requested → cancelled (source
 * reservations released). A transfer for an order reserves what arrives at the destination for that order.
 */
import { asc, eq, sql } from 'drizzle-orm'
import type { ActorRef } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { invalidInput } from '../../platform/problems.js'
import { invalidTransferTransition, sameLocation, transferNotFound, unknownTransferLine } from './errors.js'
import { INVENTORY_EVENTS } from './events.js'
import { applyMovements, ensureLevels } from './ledger.js'
import { checkReferences } from './references.js'
import { consumeTransferReservations, releaseReservations, reserveStock } from './reservations.js'
import { stockTransferLines, stockTransfers, TRANSFER_STATUSES } from './schema.js'

export type TransferStatus = (typeof TRANSFER_STATUSES)[number]

/** The transfer lifecycle; assertTransferTransition is the only place that reads it. */
export const TRANSFER_TRANSITIONS: Record<TransferStatus, readonly TransferStatus[]> = {
  requested: ['shipped', 'cancelled'],
  shipped: ['received'],
  received: [],
  cancelled: [],
}

/** Throws 409 invalid-transfer-transition unless `to` may follow `from`. */
export function assertTransferTransition(id: string, from: TransferStatus, to: TransferStatus): void {
  if (!TRANSFER_TRANSITIONS[from].includes(to)) throw invalidTransferTransition(id, from, to)
}

export interface TransferLine {
  variantId: string
  quantity: number
  receivedQuantity: number | null
}

export interface Transfer {
  id: string
  fromLocationId: string
  toLocationId: string
  status: TransferStatus
  orderId: string | null
  fulfilmentId: string | null
  note: string | null
  lines: TransferLine[]
  createdAt: string
  updatedAt: string
  shippedAt: string | null
  receivedAt: string | null
  cancelledAt: string | null
}

type TransferRow = typeof stockTransfers.$inferSelect

async function loadTransfer(tx: Tx, row: TransferRow): Promise<Transfer> {
  const lines = await tx.select().from(stockTransferLines).where(eq(stockTransferLines.transferId, row.id)).orderBy(asc(stockTransferLines.position))
  return {
    id: row.id,
    fromLocationId: row.fromLocationId,
    toLocationId: row.toLocationId,
    status: row.status,
    orderId: row.orderId,
    fulfilmentId: row.fulfilmentId,
    note: row.note,
    lines: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, receivedQuantity: l.receivedQuantity })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    shippedAt: row.shippedAt?.toISOString() ?? null,
    receivedAt: row.receivedAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
  }
}

/** One transfer with its lines, or a 404. */
export async function getTransfer(tx: Tx, id: string): Promise<Transfer> {
  const [row] = await tx.select().from(stockTransfers).where(eq(stockTransfers.id, id)).limit(1)
  if (!row) throw transferNotFound(id)
  return loadTransfer(tx, row)
}

/** Locks the transfer, checks the transition and moves it on; returns the transfer as it was before. */
async function transition(tx: Tx, id: string, to: TransferStatus): Promise<Transfer> {
  const [row] = await tx.select().from(stockTransfers).where(eq(stockTransfers.id, id)).for('update')
  if (!row) throw transferNotFound(id)
  assertTransferTransition(id, row.status, to)
  const stamp =
    to === 'shipped' ? { shippedAt: sql`now()` } : to === 'received' ? { receivedAt: sql`now()` } : to === 'cancelled' ? { cancelledAt: sql`now()` } : {}
  await tx
    .update(stockTransfers)
    .set({ status: to, updatedAt: sql`now()`, ...stamp })
    .where(eq(stockTransfers.id, id))
  return loadTransfer(tx, row)
}

/** Requests a transfer and reserves every line at the source (kind `transfer`); 409 insufficient-stock when it cannot. */
export async function requestTransfer(
  tx: Tx,
  input: {
    fromLocationId: string
    toLocationId: string
    lines: { variantId: string; quantity: number }[]
    actor: ActorRef
    orderId?: string | null
    fulfilmentId?: string | null
    note?: string
  },
): Promise<Transfer> {
  if (input.fromLocationId === input.toLocationId) throw sameLocation()
  await checkReferences(tx, {
    locationIds: [
      { id: input.fromLocationId, field: '/body/fromLocationId' },
      { id: input.toLocationId, field: '/body/toLocationId' },
    ],
    variantIds: input.lines.map((l) => l.variantId),
    linesField: '/body/lines',
  })
  const id = newId('trf')
  await tx.insert(stockTransfers).values({
    id,
    fromLocationId: input.fromLocationId,
    toLocationId: input.toLocationId,
    orderId: input.orderId ?? null,
    fulfilmentId: input.fulfilmentId ?? null,
    note: input.note ?? null,
    actorKind: input.actor.kind,
    actorId: input.actor.id,
  })
  await tx.insert(stockTransferLines).values(input.lines.map((l, position) => ({ transferId: id, variantId: l.variantId, quantity: l.quantity, position })))
  for (const line of input.lines) {
    // Store-to-store moves may dip into safety stock: the units stay within the retailer's own network.
    await reserveStock(tx, {
      variantId: line.variantId,
      locationId: input.fromLocationId,
      quantity: line.quantity,
      kind: 'transfer',
      actor: input.actor,
      orderId: input.orderId ?? null,
      fulfilmentId: input.fulfilmentId ?? null,
      transferId: id,
      ignoreSafetyStock: true,
      reason: `transfer ${id}`,
    })
  }
  const transfer = await getTransfer(tx, id)
  const { fromLocationId, toLocationId, lines, orderId, fulfilmentId } = transfer
  await emit(
    tx,
    INVENTORY_EVENTS.transferRequested,
    { transferId: id, fromLocationId, toLocationId, lines, orderId, fulfilmentId },
    { locationId: fromLocationId },
  )
  return transfer
}

/** Ships: consumes the source reservations (on hand and reserved down, `transfer_out`) and raises incoming at the destination (`in_transit`). */
export async function shipTransfer(tx: Tx, input: { id: string; actor: ActorRef }): Promise<Transfer> {
  const before = await transition(tx, input.id, 'shipped')
  const consumed = await consumeTransferReservations(tx, input.id)
  await ensureLevels(
    tx,
    consumed.map((r) => ({ variantId: r.variantId, locationId: before.toLocationId })),
  )
  await applyMovements(tx, input.actor, [
    ...consumed.map((r) => ({
      variantId: r.variantId,
      locationId: r.locationId,
      kind: 'transfer_out' as const,
      onHandDelta: -r.quantity,
      reservedDelta: -r.quantity,
      reservationId: r.id,
      transferId: input.id,
      orderId: r.orderId,
    })),
    ...consumed.map((r) => ({
      variantId: r.variantId,
      locationId: before.toLocationId,
      kind: 'in_transit' as const,
      incomingDelta: r.quantity,
      transferId: input.id,
      orderId: r.orderId,
    })),
  ])
  const transfer = await getTransfer(tx, input.id)
  await emit(
    tx,
    INVENTORY_EVENTS.transferShipped,
    { transferId: input.id, fromLocationId: transfer.fromLocationId, toLocationId: transfer.toLocationId, lines: transfer.lines },
    { locationId: transfer.toLocationId },
  )
  return transfer
}

/**
 * Receives at the destination: incoming down and on hand up by what arrived (`transfer_in`); a line received short
 * clears the rest of its incoming with an `adjustment` (reason "transfer shortfall"). Lines not listed arrive in full.
 */
export async function receiveTransfer(
  tx: Tx,
  input: { id: string; lines?: { variantId: string; receivedQuantity: number }[]; actor: ActorRef },
): Promise<Transfer> {
  const before = await transition(tx, input.id, 'received')
  const byVariant = new Map(before.lines.map((l) => [l.variantId, l]))
  const received = new Map<string, number>()
  ;(input.lines ?? []).forEach((l, i) => {
    const line = byVariant.get(l.variantId)
    if (!line) throw unknownTransferLine(l.variantId, `/body/lines/${i}/variantId`)
    if (l.receivedQuantity > line.quantity)
      throw invalidInput(`/body/lines/${i}/receivedQuantity`, `At most ${line.quantity} unit(s) of ${l.variantId} were shipped.`)
    received.set(l.variantId, l.receivedQuantity)
  })
  const lines = before.lines.map((l) => ({ ...l, receivedQuantity: received.get(l.variantId) ?? l.quantity }))
  const to = before.toLocationId
  await applyMovements(
    tx,
    input.actor,
    lines.flatMap((l) => [
      {
        variantId: l.variantId,
        locationId: to,
        kind: 'transfer_in' as const,
        onHandDelta: l.receivedQuantity,
        incomingDelta: -l.receivedQuantity,
        transferId: input.id,
        orderId: before.orderId,
      },
      {
        variantId: l.variantId,
        locationId: to,
        kind: 'adjustment' as const,
        incomingDelta: l.receivedQuantity - l.quantity,
        reason: 'transfer shortfall',
        transferId: input.id,
      },
    ]),
  )
  for (const l of lines) {
    await tx.execute(
      sql`update stock_transfer_lines set received_quantity = ${l.receivedQuantity}::int where transfer_id = ${input.id} and variant_id = ${l.variantId}`,
    )
    if ((before.orderId || before.fulfilmentId) && l.receivedQuantity > 0) {
      await reserveStock(tx, {
        variantId: l.variantId,
        locationId: to,
        quantity: l.receivedQuantity,
        kind: 'order',
        actor: input.actor,
        orderId: before.orderId,
        fulfilmentId: before.fulfilmentId,
        ignoreSafetyStock: true,
        reason: `transfer ${input.id} arrived for the order`,
      })
    }
  }
  const transfer = await getTransfer(tx, input.id)
  await emit(
    tx,
    INVENTORY_EVENTS.transferReceived,
    { transferId: input.id, fromLocationId: transfer.fromLocationId, toLocationId: to, lines: transfer.lines },
    { locationId: to },
  )
  return transfer
}

/** Cancels a requested transfer and releases its source reservations. */
export async function cancelTransfer(tx: Tx, input: { id: string; actor: ActorRef; reason?: string }): Promise<Transfer> {
  const before = await transition(tx, input.id, 'cancelled')
  await releaseReservations(tx, { transferId: input.id, reason: input.reason ?? 'transfer cancelled', actor: input.actor })
  await emit(
    tx,
    INVENTORY_EVENTS.transferCancelled,
    { transferId: input.id, fromLocationId: before.fromLocationId, toLocationId: before.toLocationId },
    { locationId: before.fromLocationId },
  )
  return getTransfer(tx, input.id)
}
