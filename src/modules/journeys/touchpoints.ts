/**
 * Writing touchpoints: every module that sees a customer or a device act calls recordTouchpoint in its own
 * transaction, so the timeline never misses what committed and never shows what rolled back.
 */
import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { consentDecision } from '../customers/service.js'
import { PROFILING_KINDS } from './policies.js'
import { touchpoints, type TouchpointKind } from './schema.js'

export interface TouchpointInput {
  kind: TouchpointKind
  customerId?: string | null
  deviceId?: string | null
  channelId?: string | null
  locationId?: string | null
  subjectType?: string | null
  subjectId?: string | null
  data?: Record<string, unknown>
  occurredAt?: Date
}

/** Records touchpoints; those with neither a customer nor a device (a walk-in nobody identified) are dropped. */
export async function recordTouchpoints(tx: Tx, inputs: readonly TouchpointInput[]): Promise<void> {
  const rows = inputs
    .filter((input) => input.customerId || input.deviceId)
    .map((input) => ({
      id: newId('tp'),
      kind: input.kind,
      customerId: input.customerId ?? null,
      // A known customer's touchpoint keeps the device too: "on which device" is part of the story.
      deviceId: input.deviceId ?? null,
      channelId: input.channelId ?? null,
      locationId: input.locationId ?? null,
      subjectType: input.subjectType ?? null,
      subjectId: input.subjectId ?? null,
      data: input.data ?? {},
      ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
    }))
  if (rows.length > 0) await tx.insert(touchpoints).values(rows)
}

export async function recordTouchpoint(tx: Tx, input: TouchpointInput): Promise<void> {
  await recordTouchpoints(tx, [input])
}

/**
 * Anonymous activity of a device joins the customer once identified (login, registration). Returns how many. A
 * customer who withdrew personalisation does not get the device's views and searches: they stay anonymous.
 */
export async function adoptDeviceTouchpoints(tx: Tx, input: { deviceId: string; customerId: string }): Promise<number> {
  const profilingWithdrawn = (await consentDecision(tx, { customerId: input.customerId, purpose: 'personalisation' })) === false
  const adopted = await tx
    .update(touchpoints)
    .set({ customerId: input.customerId })
    .where(
      and(
        eq(touchpoints.deviceId, input.deviceId),
        isNull(touchpoints.customerId),
        profilingWithdrawn ? notInArray(touchpoints.kind, [...PROFILING_KINDS]) : undefined,
      ),
    )
    .returning({ id: touchpoints.id })
  return adopted.length
}

/** Moves every touchpoint of one profile to another (identity merge); returns the ids moved, for a later revert. */
export async function moveTouchpoints(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<string[]> {
  const moved = await tx
    .update(touchpoints)
    .set({ customerId: input.toCustomerId })
    .where(eq(touchpoints.customerId, input.fromCustomerId))
    .returning({ id: touchpoints.id })
  return moved.map((row) => row.id)
}

/** Gives the listed touchpoints back to a profile (reverting a merge); only those still on `fromCustomerId`. */
export async function restoreTouchpoints(tx: Tx, input: { ids: readonly string[]; fromCustomerId: string; toCustomerId: string }): Promise<number> {
  if (input.ids.length === 0) return 0
  const restored = await tx
    .update(touchpoints)
    .set({ customerId: input.toCustomerId })
    .where(and(inArray(touchpoints.id, [...input.ids]), eq(touchpoints.customerId, input.fromCustomerId)))
    .returning({ id: touchpoints.id })
  return restored.length
}

/** GDPR erasure: the person's touchpoints go, with the anonymous ones of their devices. Returns how many. */
export async function eraseTouchpoints(tx: Tx, input: { customerId: string; deviceIds: readonly string[] }): Promise<number> {
  const byCustomer = await tx.delete(touchpoints).where(eq(touchpoints.customerId, input.customerId)).returning({ id: touchpoints.id })
  const byDevice =
    input.deviceIds.length === 0
      ? []
      : await tx
          .delete(touchpoints)
          .where(and(inArray(touchpoints.deviceId, [...input.deviceIds]), sql`${touchpoints.customerId} is null`))
          .returning({ id: touchpoints.id })
  return byCustomer.length + byDevice.length
}

/**
 * A store visit, as a seller identifying the customer at her store records it: at most one a day per customer and
 * store, however many times the seller looks her up.
 */
export async function recordStoreVisit(tx: Tx, input: { customerId: string; locationId: string; staffId: string | null }): Promise<void> {
  await tx.execute(sql`
    insert into touchpoints (id, customer_id, kind, location_id, data)
    select ${newId('tp')}, ${input.customerId}, 'store_visit', ${input.locationId}, ${JSON.stringify({ identifiedBy: input.staffId })}::jsonb
    where not exists (
      select 1 from touchpoints
      where customer_id = ${input.customerId} and kind = 'store_visit' and location_id = ${input.locationId}
        and occurred_at >= date_trunc('day', now())
    )`)
}
