/**
 * One Server-Sent Events stream. It subscribes to this node's dispatcher before reading the backlog, so that
 * resuming from Last-Event-ID has no gap: events the dispatcher hands over during the replay wait in a buffer, and
 * every event is written only if it sorts after the last one written, so none is sent twice.
 */
import { PassThrough } from 'node:stream'
import { setTimeout as delay } from 'node:timers/promises'
import type { Tx } from '../../platform/db.js'
import { compareCursors, cursorOfEvent, readEventsAfter, type EventCursor, type EventDispatcher, type OutboxEvent } from '../../platform/events.js'

/** What a client receives as `data:`; the `id:` line repeats `id` so that the browser resumes from it. */
export interface PublicEvent {
  id: string
  type: string
  occurredAt: string
  locationId: string | null
  customerId: string | null
  data: Record<string, unknown>
}

export function toPublicEvent(event: OutboxEvent): PublicEvent {
  return { id: event.id, type: event.type, occurredAt: event.occurredAt, locationId: event.locationId, customerId: event.customerId, data: event.payload }
}

export const SSE_RETRY_MS = 3000
const HEARTBEAT_MS = 15_000
const BACKLOG_PAGE = 500
/** Unsent bytes at which replay waits for the client to read. */
const REPLAY_HIGH_WATER = 256 * 1024
/** A live client this far behind is cut off: it resumes with Last-Event-ID instead of growing our memory. */
const MAX_UNSENT_BYTES = 4 * 1024 * 1024

export interface EventStreamOptions {
  db: Tx
  dispatcher: EventDispatcher
  accept: (event: OutboxEvent) => boolean
  /** What this reader sees of an accepted event's data (eventDataFor its audience); as emitted when left out. */
  present?: (data: Record<string, unknown>) => Record<string, unknown>
  /** Resume after this event; null to start live. */
  lastEventId: string | null
  onError: (error: unknown) => void
  heartbeatMs?: number
}

export interface EventStream {
  /** The bytes to send; it ends when the stream is closed and is destroyed when the client goes away. */
  readable: PassThrough
  /** Ends the stream, after a comment telling the client why. */
  close(reason: string): void
}

function formatEvent(event: OutboxEvent, present: (data: Record<string, unknown>) => Record<string, unknown>): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify({ ...toPublicEvent(event), data: present(event.payload) })}\n\n`
}

/** Opens a stream of the events `accept` lets through: the missed ones after `lastEventId` first, then live ones. */
export function openEventStream(options: EventStreamOptions): EventStream {
  const out = new PassThrough()
  let finished = false
  let lastSent: EventCursor | null = null
  // Live events accepted while the backlog is replayed; null once the stream is live.
  let buffered: OutboxEvent[] | null = options.lastEventId === null ? null : []

  const unsent = () => out.writableLength + out.readableLength
  const write = (chunk: string) => {
    if (finished) return
    out.write(chunk)
    if (buffered === null && unsent() > MAX_UNSENT_BYTES) close('this client reads too slowly; reconnect with Last-Event-ID to resume')
  }
  const send = (event: OutboxEvent) => {
    const cursor = { txid: event.txid, position: event.position }
    if (lastSent && compareCursors(cursor, lastSent) <= 0) return
    lastSent = cursor
    write(formatEvent(event, options.present ?? ((data) => data)))
  }

  const unsubscribe = options.dispatcher.subscribe((event) => {
    if (finished || !options.accept(event)) return
    if (buffered) buffered.push(event)
    else send(event)
  })
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs ?? HEARTBEAT_MS)
  heartbeat.unref()

  const release = () => {
    finished = true
    unsubscribe()
    clearInterval(heartbeat)
  }
  function close(reason: string): void {
    if (finished) return
    out.write(`: ${reason}\n\n`)
    release()
    out.end()
  }
  // The client went away: Fastify destroys the stream.
  out.once('close', release)

  async function replay(lastEventId: string): Promise<void> {
    const from = await cursorOfEvent(options.db, lastEventId)
    if (!from) {
      write(`: Last-Event-ID ${JSON.stringify(lastEventId)} is unknown or expired; streaming live events only\n\n`)
    } else {
      lastSent = from
      let scanned = from
      for (;;) {
        const events = await readEventsAfter(options.db, scanned, BACKLOG_PAGE)
        for (const event of events) if (options.accept(event)) send(event)
        const last = events.at(-1)
        if (finished || !last || events.length < BACKLOG_PAGE) break
        scanned = { txid: last.txid, position: last.position }
        // Polled rather than awaited on 'drain': a large chunk can sit in the readable half, where no 'drain' follows.
        while (!finished && unsent() > REPLAY_HIGH_WATER) await delay(50)
      }
    }
    const pending = buffered ?? []
    buffered = null
    for (const event of pending) send(event)
  }

  write(`retry: ${SSE_RETRY_MS}\n: connected\n\n`)
  if (options.lastEventId !== null) {
    replay(options.lastEventId).catch((error: unknown) => {
      options.onError(error)
      close('the stream failed; reconnect with Last-Event-ID to resume')
    })
  }
  return { readable: out, close }
}
