/**
 * The transactional outbox. `emit(tx, …)` writes an event in the caller's transaction, so an event exists exactly
 * when its change committed. Readers walk the outbox in (txid, position) order and only take rows written by
 * transactions older than every transaction still running (pg_snapshot_xmin): a row that commits later can never
 * sort before a cursor already handed out, so no reader skips an event.
 *
 * Two kinds of reader share this: the per-node live dispatcher (SSE fan-out, in memory) and durable consumers
 * (webhook fan-out, read models) that keep their cursor in `outbox_consumers` and run one node at a time.
 */
import { and, lt, sql } from 'drizzle-orm'
import { rowsOf, type Database, type Tx } from './db.js'
import { newId } from './ids.js'
import { outboxEvents } from './schema.js'
import type { EventPayloads, EventType } from './event-types.js'

export interface OutboxEvent {
  id: string
  type: string
  payload: Record<string, unknown>
  locationId: string | null
  customerId: string | null
  occurredAt: string
  txid: string
  position: number
}

export interface EventCursor {
  txid: string
  position: number
}

export const START_CURSOR: EventCursor = { txid: '0', position: 0 }

export interface EventScope {
  /** The location the event concerns: store staff see it when it is one of theirs. */
  locationId?: string | null
  /** The customer the event concerns: that customer sees it. */
  customerId?: string | null
}

/** One event to write: a catalogued type with a payload of its schema (event-types.ts). */
export type NewEvent<T extends EventType = EventType> = { [K in T]: { type: K; payload: EventPayloads[K]; scope?: EventScope } }[T]

/**
 * Writes an event in the caller's transaction; it is delivered only if that transaction commits. The type must be in
 * the catalogue and the payload must fit its schema: both are checked when the code compiles.
 */
export async function emit<T extends EventType>(tx: Tx, type: T, payload: EventPayloads[T], scope: EventScope = {}): Promise<string> {
  const id = newId('evt')
  await tx.insert(outboxEvents).values({ id, type, payload: payload as Record<string, unknown>, locationId: scope.locationId ?? null, customerId: scope.customerId ?? null })
  return id
}

/** Writes several events in one statement (in this order), in the caller's transaction. */
export async function emitAll(tx: Tx, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return
  await tx
    .insert(outboxEvents)
    .values(events.map((e) => ({ id: newId('evt'), type: e.type, payload: e.payload as Record<string, unknown>, locationId: e.scope?.locationId ?? null, customerId: e.scope?.customerId ?? null })))
}

type EventRow = {
  id: string
  type: string
  payload: Record<string, unknown>
  location_id: string | null
  customer_id: string | null
  occurred_at: string | Date
  txid: string
  position: string | number
}

function toEvent(row: EventRow): OutboxEvent {
  return {
    id: row.id,
    type: row.type,
    payload: row.payload,
    locationId: row.location_id,
    customerId: row.customer_id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    txid: String(row.txid),
    position: Number(row.position),
  }
}


/** Committed events after the cursor, oldest first, never including one that a running transaction could precede. */
export async function readEventsAfter(db: Tx, cursor: EventCursor, limit: number): Promise<OutboxEvent[]> {
  // Relies on outbox_events_txid_position_idx. ORDER BY names the table's columns because a bare `txid` there means the
  // text alias of the select list, which sorts '100000' before '99999': a page crossing a power of ten would come out
  // of order and readers would skip events.
  const result = await db.execute(sql`
    select id, type, payload, location_id, customer_id, occurred_at, txid::text as txid, position
    from outbox_events
    where (txid, position) > (${cursor.txid}::xid8, ${cursor.position}::bigint)
      and txid < pg_snapshot_xmin(pg_current_snapshot())
    order by outbox_events.txid, outbox_events.position
    limit ${limit}`)
  return rowsOf<EventRow>(result).map(toEvent)
}

/** The cursor just after every event that is final now: a reader starting there sees only new events. */
export async function currentEventCursor(db: Tx): Promise<EventCursor> {
  // Table columns in ORDER BY, not the text alias: see readEventsAfter.
  const result = await db.execute(sql`
    select txid::text as txid, position from outbox_events
    where txid < pg_snapshot_xmin(pg_current_snapshot())
    order by outbox_events.txid desc, outbox_events.position desc limit 1`)
  const [row] = rowsOf<{ txid: string; position: string | number }>(result)
  return row ? { txid: String(row.txid), position: Number(row.position) } : START_CURSOR
}

/** The cursor of a known event id (for SSE Last-Event-ID), or null when it was never written or has been pruned. */
export async function cursorOfEvent(db: Tx, eventId: string): Promise<EventCursor | null> {
  const result = await db.execute(sql`select txid::text as txid, position from outbox_events where id = ${eventId}`)
  const [row] = rowsOf<{ txid: string; position: string | number }>(result)
  return row ? { txid: String(row.txid), position: Number(row.position) } : null
}

export function compareCursors(a: EventCursor, b: EventCursor): number {
  const ta = BigInt(a.txid)
  const tb = BigInt(b.txid)
  if (ta !== tb) return ta < tb ? -1 : 1
  return a.position - b.position
}

export type EventBatchHandler = (tx: Tx, events: OutboxEvent[]) => Promise<void>

/**
 * Runs one batch of a durable consumer: takes its cursor row FOR UPDATE SKIP LOCKED (so only one node runs it at a
 * time), hands the next events to `handler` inside the same transaction, and advances the cursor with them. Returns
 * how many events it handled (0 when another node holds the consumer).
 */
export async function runConsumerBatch(database: Database, name: string, handler: EventBatchHandler, limit = 200): Promise<number> {
  await database.db.execute(sql`insert into outbox_consumers (name) values (${name}) on conflict (name) do nothing`)
  return database.transaction(async (tx) => {
    const result = await tx.execute(
      sql`select last_txid::text as txid, last_position as position from outbox_consumers where name = ${name} for update skip locked`,
    )
    const [row] = rowsOf<{ txid: string; position: string | number }>(result)
    if (!row) return 0
    const events = await readEventsAfter(tx, { txid: String(row.txid), position: Number(row.position) }, limit)
    const last = events.at(-1)
    if (!last) return 0
    await handler(tx, events)
    await tx.execute(
      sql`update outbox_consumers set last_txid = ${last.txid}::xid8, last_position = ${last.position}, updated_at = now() where name = ${name}`,
    )
    return events.length
  })
}

/** Deletes events older than the retention period. Consumers are expected to be far ahead of it. */
export async function pruneOutbox(db: Tx, retentionDays: number): Promise<number> {
  const deleted = await db
    .delete(outboxEvents)
    .where(and(lt(outboxEvents.occurredAt, sql`now() - make_interval(days => ${retentionDays})`)))
    .returning({ id: outboxEvents.id })
  return deleted.length
}

export type EventListener = (event: OutboxEvent) => void

export interface EventDispatcher {
  /** Calls `listener` with every event committed from now on, in outbox order; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void
  /** The cursor of the last event handed to listeners. */
  cursor(): EventCursor
  stop(): Promise<void>
}

/** Starts this node's live reader: it polls the outbox and fans events out to in-process listeners (SSE). */
export async function startEventDispatcher(database: Database, options: { pollMs: number; onError?: (error: unknown) => void }): Promise<EventDispatcher> {
  const listeners = new Set<EventListener>()
  let cursor = await currentEventCursor(database.db)
  let stopped = false
  let running: Promise<void> = Promise.resolve()

  async function poll(): Promise<void> {
    for (;;) {
      const events = await readEventsAfter(database.db, cursor, 500)
      for (const event of events) {
        cursor = { txid: event.txid, position: event.position }
        for (const listener of listeners) {
          // One faulty listener must not make the others miss this event (the cursor has already moved past it).
          try {
            listener(event)
          } catch (error) {
            options.onError?.(error)
          }
        }
      }
      if (events.length < 500) return
    }
  }

  let polling = false
  const timer = setInterval(() => {
    // Skipping a tick while a poll runs keeps a slow or unreachable database from queueing polls without bound.
    if (stopped || polling) return
    polling = true
    running = poll()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        polling = false
      })
  }, options.pollMs)
  timer.unref()

  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    cursor: () => cursor,
    async stop() {
      stopped = true
      clearInterval(timer)
      listeners.clear()
      await running
    },
  }
}
