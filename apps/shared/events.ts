/**
 * The apps' live event stream: GET /v1/events/stream read with fetch, because it needs the Authorization header and
 * the browser's EventSource cannot send one. Messages are parsed with eventsource-parser; a dropped stream reconnects
 * with a growing delay and resumes with Last-Event-ID, so no committed event is missed across a blip.
 * useEventInvalidation turns matching events into TanStack Query invalidations: the server state stays in the cache.
 */
import { useQueryClient, type QueryKey } from '@tanstack/react-query'
import { createParser } from 'eventsource-parser'
import { useEffect, useRef, useState } from 'react'

/** One message of the stream, as the server writes its `data:` line. */
export interface StreamEvent {
  id: string
  type: string
  occurredAt: string
  locationId: string | null
  customerId: string | null
  data: Record<string, unknown>
}

export interface EventStreamOptions {
  /** The API origin: the page's own in an app (window.location.origin). */
  baseUrl: string
  /** Asked before every (re)connection, so a renewed token is used. No token: the stream waits. */
  token: () => string | undefined
  /** Exact types or prefixes (`orders.*`); every type the caller may see when empty. */
  types?: readonly string[]
  locationId?: string
  customerId?: string
  onEvent(event: StreamEvent): void
  /** Connected (true) or waiting to reconnect (false); for a live badge. */
  onStatus?(connected: boolean): void
}

const MIN_DELAY_MS = 1_000
const MAX_DELAY_MS = 30_000

/** The URL of a filtered stream. */
export function streamUrl(options: Pick<EventStreamOptions, 'baseUrl' | 'types' | 'locationId' | 'customerId'>): string {
  const url = new URL('/v1/events/stream', options.baseUrl)
  if (options.types?.length) url.searchParams.set('types', options.types.join(','))
  if (options.locationId) url.searchParams.set('locationId', options.locationId)
  if (options.customerId) url.searchParams.set('customerId', options.customerId)
  return url.toString()
}

/** The next wait before reconnecting: doubling from 1 s up to 30 s, with jitter so a store's tablets do not reconnect in step. */
export function backoffDelay(attempt: number, serverRetryMs?: number): number {
  const base = Math.min(MAX_DELAY_MS, Math.max(serverRetryMs ?? MIN_DELAY_MS, MIN_DELAY_MS * 2 ** attempt))
  return Math.round(base * (0.75 + Math.random() * 0.5))
}

/** Opens the stream and keeps it open until the returned function is called; it never throws to the caller. */
export function openEventStream(options: EventStreamOptions): () => void {
  const controller = new AbortController()
  let lastEventId: string | undefined
  let serverRetryMs: number | undefined
  let attempt = 0
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    controller.signal.addEventListener('abort', () => { clearTimeout(timer); resolve() }, { once: true })
  })

  async function readOnce(): Promise<void> {
    const token = options.token()
    if (!token) return
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` }
    if (lastEventId) headers['last-event-id'] = lastEventId
    const response = await fetch(streamUrl(options), { headers, signal: controller.signal })
    // 401/403/404 will not get better by retrying soon; the backoff still applies so a renewed session can resume.
    if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`)
    attempt = 0
    options.onStatus?.(true)
    const parser = createParser({
      onEvent(message) {
        if (message.id) lastEventId = message.id
        if (!message.event || !message.data) return
        try {
          options.onEvent(JSON.parse(message.data) as StreamEvent)
        } catch {
          // A message that is not our JSON (a future format) is skipped, not fatal to the stream.
        }
      },
      onRetry(ms) {
        serverRetryMs = ms
      },
    })
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      parser.feed(value)
    }
  }

  void (async () => {
    while (!controller.signal.aborted) {
      try {
        await readOnce()
      } catch {
        // Network drop, server restart or refusal: fall through to the backoff.
      }
      if (controller.signal.aborted) return
      options.onStatus?.(false)
      await sleep(backoffDelay(attempt++, serverRetryMs))
    }
  })()
  return () => controller.abort()
}

export interface EventInvalidation {
  baseUrl: string
  token: () => string | undefined
  types: readonly string[]
  locationId?: string | null
  customerId?: string | null
  /** The query keys (prefixes) to refetch when a matching event arrives. */
  keys: readonly QueryKey[]
  enabled?: boolean
}

/**
 * Keeps a stream open while mounted and invalidates `keys` on each event; bursts are folded into one refetch.
 * Returns whether the stream is connected now. On each (re)connection the keys are refetched too, for what a
 * Last-Event-ID the server no longer knows could not replay.
 */
export function useEventInvalidation({ baseUrl, token, types, locationId, customerId, keys, enabled = true }: EventInvalidation): boolean {
  const queryClient = useQueryClient()
  const [connected, setConnected] = useState(false)
  // Keys and token change identity on every render; the stream must not reconnect for that.
  const latest = useRef({ keys, token })
  useEffect(() => {
    latest.current = { keys, token }
  })
  const typeList = types.join(',')
  useEffect(() => {
    if (!enabled) return
    let timer: ReturnType<typeof setTimeout> | undefined
    let wasConnected = false
    const refresh = () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        for (const queryKey of latest.current.keys) void queryClient.invalidateQueries({ queryKey })
      }, 150)
    }
    const close = openEventStream({
      baseUrl,
      token: () => latest.current.token(),
      types: typeList ? typeList.split(',') : [],
      locationId: locationId ?? undefined,
      customerId: customerId ?? undefined,
      onEvent: refresh,
      onStatus(now) {
        setConnected(now)
        if (now && wasConnected) refresh()
        wasConnected ||= now
      },
    })
    return () => {
      clearTimeout(timer)
      close()
      setConnected(false)
    }
  }, [enabled, baseUrl, typeList, locationId, customerId, queryClient])
  return connected
}
