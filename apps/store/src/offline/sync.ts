/**
 * Sends the waiting sales to the server when it can be reached: at start, on the browser's `online` event, and every
 * 15 s for those whose backoff has run out. One pass at a time (sync-pass.ts: one sale at a time, each through
 * ringUpSale with the sale's own Idempotency-Keys, so a pass cut off after the server recorded a sale only gets the
 * stored order back on the next one).
 */
import { api, sessions } from '../api.js'
import { ringUpSale } from '../sales/ring-up.js'
import { queuedSales, removeSale, saveSale } from './queue.js'
import { runPass, type SyncOutcome } from './sync-pass.js'

const RETRY_EVERY_MS = 15_000

let running: Promise<SyncOutcome> | null = null

async function pass(force: boolean, onlyId: string | undefined, asManager: boolean): Promise<SyncOutcome> {
  const user = sessions.read()?.user
  // No one signed in: the keys belong to a person on the server, so the sales wait for her.
  if (!user) return { recorded: 0, refused: 0, interrupted: false }
  return runPass({ list: queuedSales, save: saveSale, remove: removeSale, ringUp: (draft) => ringUpSale(api, draft), userId: user.id, now: () => new Date(), online: () => navigator.onLine }, { force, onlyId, asManager: asManager && (user.role === 'store_manager' || user.role === 'admin') })
}

/**
 * One pass over the waiting sales; a pass already running is joined rather than doubled (two passes would send the
 * same sale twice at once). `force` ignores the backoff (the online event, a person's "send now"); `asManager` with
 * `onlyId` is a manager sending another associate's sale from /offline-sales (credited to the manager).
 */
export function syncNow(options: { force?: boolean; onlyId?: string; asManager?: boolean } = {}): Promise<SyncOutcome> {
  if (running) return running
  const work = () => pass(options.force ?? false, options.onlyId, options.asManager ?? false)
  // Two tabs of the till take turns too (the server would replay a sale sent twice at once, but why ask it).
  const locked = navigator.locks ? navigator.locks.request('omnicanal-offline-sync', async () => work()) : work()
  running = (locked as Promise<SyncOutcome>).finally(() => {
    running = null
  })
  return running
}

let started = false

/** Starts the automatic sync for the page's life (main.tsx): now, when back online, and periodically. */
export function startOfflineSync(): void {
  if (started) return
  started = true
  const quietly = (force: boolean) => () => void syncNow({ force }).catch(() => undefined)
  window.addEventListener('online', quietly(true))
  window.setInterval(() => {
    if (navigator.onLine) quietly(false)()
  }, RETRY_EVERY_MS)
  if (navigator.onLine) quietly(true)()
}
