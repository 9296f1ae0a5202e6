/**
 * One pass of the offline sync, with what it touches passed in (the queue, the ring-up), so its order and its
 * outcomes are tested in node against a fake server (test/apps/store-offline-queue.test.ts).
 */
import type { SaleDraft } from '../sales/sale-draft.js'
import type { QueuedSale } from './db.js'
import { classifyFailure, dueSales } from './sync-policy.js'

export interface PassDeps {
  list(): Promise<QueuedSale[]>
  save(sale: QueuedSale): Promise<void>
  remove(id: string): Promise<void>
  ringUp(draft: SaleDraft): Promise<unknown>
  userId: string
  now(): Date
}

export interface SyncOutcome {
  recorded: number
  refused: number
  /** True when a sale stayed waiting (the server could not be reached): the pass stopped there. */
  interrupted: boolean
}

/** Sends one sale; what became of it. */
async function sendOne(sale: QueuedSale, deps: PassDeps): Promise<'recorded' | 'refused' | 'retry'> {
  // Written before sending: if the page dies mid-call, the sale is known as sent by her (sync-policy maySend).
  const tried: QueuedSale = { ...sale, attempts: sale.attempts + 1, lastTriedAt: deps.now().toISOString(), sentBy: sale.sentBy ?? deps.userId }
  await deps.save(tried)
  try {
    await deps.ringUp(sale.draft)
    await deps.remove(sale.id)
    return 'recorded'
  } catch (error) {
    const failure = classifyFailure(error, deps.now())
    if (failure.kind === 'retry') return 'retry'
    await deps.save({ ...tried, state: 'attention', refusal: failure.refusal })
    return 'refused'
  }
}

/**
 * The due sales, oldest first, strictly one after the other. A refusal moves that sale to `attention` and the pass
 * goes on; anything else (network, 5xx) leaves it waiting and ends the pass — the next ones would fail the same way,
 * and sending a later sale before an earlier one would reorder the till's sales.
 */
export async function runPass(deps: PassDeps, options: { force: boolean; onlyId?: string }): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { recorded: 0, refused: 0, interrupted: false }
  const due = dueSales(await deps.list(), deps.userId, deps.now(), options.force).filter((sale) => options.onlyId === undefined || sale.id === options.onlyId)
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
