/**
 * One pass of the offline sync, with what it touches passed in (the queue, the ring-up), so its order and its
 * outcomes are tested in node against a fake server (test/apps/store-offline-queue.test.ts).
 */
import type { SaleDraft } from '../sales/sale-draft.js'
import type { QueuedSale } from './db.js'
import { classifyFailure, dueSales, expiredDiscards, mayHaveReached } from './sync-policy.js'

export interface PassDeps {
  list(): Promise<QueuedSale[]>
  save(sale: QueuedSale): Promise<void>
  remove(id: string): Promise<void>
  ringUp(draft: SaleDraft): Promise<unknown>
  userId: string
  now(): Date
  /** Whether the device thinks it is online (navigator.onLine): an offline fetch never leaves it. */
  online(): boolean
}

export interface SyncOutcome {
  recorded: number
  refused: number
  /** True when a sale stayed waiting (the server could not be reached): the pass stopped there. */
  interrupted: boolean
}

/** Sends one sale; what became of it. */
async function sendOne(sale: QueuedSale, deps: PassDeps): Promise<'recorded' | 'refused' | 'retry'> {
  const tried: QueuedSale = { ...sale, attempts: sale.attempts + 1, lastTriedAt: deps.now().toISOString() }
  await deps.save(tried)
  const online = deps.online()
  try {
    await deps.ringUp(sale.draft)
    await deps.remove(sale.id)
    return 'recorded'
  } catch (error) {
    // Pinned to her only once the server may hold it under her keys (sync-policy mayHaveReached), never cleared.
    const sent: QueuedSale = { ...tried, sentBy: tried.sentBy ?? (mayHaveReached(error, online) ? deps.userId : null) }
    const failure = classifyFailure(error, deps.now())
    if (failure.kind === 'retry') {
      if (sent.sentBy !== tried.sentBy) await deps.save(sent)
      return 'retry'
    }
    await deps.save({ ...sent, state: 'attention', refusal: failure.refusal })
    return 'refused'
  }
}

/**
 * The due sales, oldest first, strictly one after the other. A refusal moves that sale to `attention` and the pass
 * goes on; anything else (network, 5xx) leaves it waiting and ends the pass — the next ones would fail the same way,
 * and sending a later sale before an earlier one would reorder the till's sales.
 */
export async function runPass(deps: PassDeps, options: { force: boolean; onlyId?: string; asManager?: boolean }): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { recorded: 0, refused: 0, interrupted: false }
  const all = await deps.list()
  for (const sale of expiredDiscards(all, deps.now())) await deps.remove(sale.id)
  // A manager's send names one sale; the automatic pass never sends another associate's.
  const asManager = options.asManager === true && options.onlyId !== undefined
  const due = dueSales(all, deps.userId, deps.now(), options.force, asManager).filter((sale) => options.onlyId === undefined || sale.id === options.onlyId)
  for (const sale of due) {
    const result = await sendOne(sale, deps)
    if (result === 'retry') {
      outcome.interrupted = true
      break
    }
    outcome[result] += 1
  }
  return outcome
}
