/**
 * Sends the waiting sales to the server when it can be reached: at start, on the browser's `online` event, and every
 * 15 s for those whose backoff has run out. Strictly one sale at a time and one pass at a time, each through
 * ringUpSale with the sale's own Idempotency-Keys, so a pass cut off after the server recorded a sale only gets the
 * stored order back on the next one. A refusal (4xx) moves the sale to `attention`; anything else leaves it waiting
 * and ends the pass (the network is down again: the next sales would fail the same way).
 */
import { api, sessions } from '../api.js'
import { ringUpSale } from '../sales/ring-up.js'
import type { QueuedSale } from './db.js'
import { queuedSales, removeSale, saveSale } from './queue.js'
import { classifyFailure, dueSales } from './sync-policy.js'

const RETRY_EVERY_MS = 15_000

let running: Promise<SyncOutcome> | null = null

export interface SyncOutcome {
  recorded: number
  refused: number
  /** True when a sale stayed waiting (the server could not be reached). */
  interrupted: boolean
}

/** Sends one sale; what became of it. */
async function sendOne(sale: QueuedSale, userId: string): Promise<'recorded' | 'refused' | 'retry'> {
  const now = new Date()
  // Written before sending: if the page dies mid-call, the sale is known as sent by her (sync-policy maySend).
  const tried: QueuedSale = { ...sale, attempts: sale.attempts + 1, lastTriedAt: now.toISOString(), sentBy: sale.sentBy ?? userId }
  await saveSale(tried)
  try {
    await ringUpSale(api, sale.draft)
    await removeSale(sale.id)
    return 'recorded'
  } catch (error) {
    const failure = classifyFailure(error, new Date())
    if (failure.kind === 'retry') return 'retry'
    await saveSale({ ...tried, state: 'attention', refusal: failure.refusal })
    return 'refused'
  }
}

async function pass(force: boolean, onlyId: string | undefined): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { recorded: 0, refused: 0, interrupted: false }
  const user = sessions.read()?.user
  if (!user) return outcome
  const due = dueSales(await queuedSales(), user.id, new Date(), force).filter((sale) => onlyId === undefined || sale.id === onlyId)
  for (const sale of due) {
    const result = await sendOne(sale, user.id)
    if (result === 'retry') {
      outcome.interrupted = true
      break
    }
    outcome[result] += 1
  }
  return outcome
}

/**
 * One pass over the waiting sales; a pass already running is joined rather than doubled (two passes would send the
 * same sale twice at once). `force` ignores the backoff (the online event, a person's "send now").
 */
export function syncNow(options: { force?: boolean; onlyId?: string } = {}): Promise<SyncOutcome> {
  running ??= pass(options.force ?? false, options.onlyId).finally(() => {
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
  quietly(true)()
}
