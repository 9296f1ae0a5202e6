/**
 * Moving a return through its lifecycle: every change is a guarded UPDATE on the status it expects (two clerks
 * receiving the same parcel cannot both succeed), a history row and an event.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { ActorRef } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import type { EventPayloads } from '../../platform/event-types.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { recordTouchpoints } from '../journeys/service.js'
import { illegalReturnTransition } from './errors.js'
import { RETURN_EVENTS } from './events.js'
import { canTransition, RETURN_TRANSITIONS } from './policies.js'
import { returnHistory, returns, type ReturnStatus } from './schema.js'

export type ReturnRow = typeof returns.$inferSelect

const EVENT_OF = {
  requested: RETURN_EVENTS.requested,
  received: RETURN_EVENTS.received,
  refunded: RETURN_EVENTS.refunded,
  cancelled: RETURN_EVENTS.cancelled,
} as const satisfies Record<ReturnStatus, string>

/**
 * Writes the event of a return's new status. Its payload is assembled from parts (the return, then what each step
 * adds), which TypeScript cannot follow: the catalogue test checks real returns' events against their schemas.
 */
async function emitReturnEvent(tx: Tx, row: ReturnRow, payload: Record<string, unknown>): Promise<void> {
  const type = EVENT_OF[row.status]
  await emit(tx, type, payload as EventPayloads[typeof type], returnScope(row))
}

/** The customer and location a return's events concern. */
export function returnScope(row: Pick<ReturnRow, 'customerId' | 'receivingLocationId'>) {
  return { customerId: row.customerId, locationId: row.receivingLocationId }
}

/**
 * Puts the return on its customer's timeline, on its channel and at its receiving store: created (and received at
 * once over a counter), or received later. A guest order's return has no customer and stays off any timeline.
 */
async function recordReturnTouchpoints(tx: Tx, row: ReturnRow, kinds: readonly ('return_created' | 'return_received')[]): Promise<void> {
  const data = { number: row.number, orderId: row.orderId, method: row.method, total: row.total, currency: row.currency }
  await recordTouchpoints(tx, kinds.map((kind) => ({ kind, customerId: row.customerId, channelId: row.channelId, locationId: row.receivingLocationId, subjectType: 'return', subjectId: row.id, data })))
}

async function recordHistory(
  tx: Tx,
  input: { returnId: string; from: ReturnStatus | null; to: ReturnStatus; actor: ActorRef; note?: string | null },
): Promise<void> {
  await tx
    .insert(returnHistory)
    .values({
      id: newId('rhs'),
      returnId: input.returnId,
      fromStatus: input.from,
      toStatus: input.to,
      actorKind: input.actor.kind,
      actorId: input.actor.id,
      note: input.note ?? null,
    })
}

/** Records the birth of a return (requested, or received at once at a counter): history and event. */
export async function recordCreated(tx: Tx, input: { row: ReturnRow; actor: ActorRef; payload: Record<string, unknown> }): Promise<void> {
  const { row } = input
  await recordHistory(tx, { returnId: row.id, from: null, to: row.status, actor: input.actor, note: row.overrideNote })
  await emitReturnEvent(tx, row, { returnId: row.id, orderId: row.orderId, number: row.number, method: row.method, ...input.payload })
  await recordReturnTouchpoints(tx, row, row.status === 'received' ? ['return_created', 'return_received'] : ['return_created'])
}

type Settable = Partial<
  Pick<
    ReturnRow,
    | 'receivingLocationId'
    | 'receivedByStaffId'
    | 'receivedAt'
    | 'goodsTotal'
    | 'shippingRefund'
    | 'total'
    | 'vatBreakdown'
    | 'exchangeAmount'
    | 'refundedAmount'
    | 'exchangeOrderId'
    | 'refunds'
    | 'refundedAt'
    | 'cancelledAt'
  >
>

/**
 * Moves a return from its current status to `to` when the lifecycle allows it (409 illegal-transition otherwise,
 * also when someone else moved it first), setting `set` in the same UPDATE; writes the history row and the event.
 */
export async function transitionReturn(
  tx: Tx,
  input: { row: ReturnRow; to: ReturnStatus; actor: ActorRef; note?: string | null; set?: Settable; payload: Record<string, unknown> },
): Promise<ReturnRow> {
  const { row, to } = input
  const allowed = RETURN_TRANSITIONS[row.status]
  if (!canTransition(row.status, to)) throw illegalReturnTransition(row.status, to, allowed)
  const [updated] = await tx
    .update(returns)
    .set({ ...input.set, status: to, updatedAt: sql`now()` })
    .where(and(eq(returns.id, row.id), eq(returns.status, row.status)))
    .returning()
  if (!updated) throw illegalReturnTransition(row.status, to, allowed)
  await recordHistory(tx, { returnId: row.id, from: row.status, to, actor: input.actor, note: input.note })
  await emitReturnEvent(tx, updated, { returnId: updated.id, orderId: updated.orderId, number: updated.number, ...input.payload })
  if (to === 'received') await recordReturnTouchpoints(tx, updated, ['return_received'])
  return updated
}
