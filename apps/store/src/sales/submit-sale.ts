/**
 * What the sale screen's pay button calls: the sale is recorded now when the server answers, or kept on the till
 * (IndexedDB) and sent by the offline sync when the network is back — the associate goes on selling either way. A
 * refusal of the server (4xx: stock, coupon, gift card…) is thrown as the ProblemError for the associate to fix then
 * and there, with the customer still at the till. A gift card or store credit is never kept for later: it needs the
 * network (TenderNeedsNetworkError), and the draft stays on screen, its keys unchanged.
 */
import i18next from 'i18next'
import { api, sessions } from '../api.js'
import { enqueueSale } from '../offline/queue.js'
import { classifyFailure, mayHaveReached } from '../offline/sync-policy.js'
import { ringUpSale, type RecordedOrder } from './ring-up.js'
import { needsNetwork, type SaleDraft } from './sale-draft.js'

/** A gift card or store credit tender without the network: nothing was queued, the associate takes another tender or waits. */
export class TenderNeedsNetworkError extends Error {
  constructor() {
    super(i18next.t('sale.pay.needsNetwork'))
    this.name = 'TenderNeedsNetworkError'
  }
}

export type SubmitResult = { status: 'recorded'; order: RecordedOrder } | { status: 'queued' }

export async function submitSale(draft: SaleDraft): Promise<SubmitResult> {
  const user = sessions.read()?.user
  const soldBy = { id: user?.id ?? '', name: user?.displayName ?? '' }
  if (!navigator.onLine) {
    if (needsNetwork(draft.payments)) throw new TenderNeedsNetworkError()
    await enqueueSale(draft, soldBy, null)
    return { status: 'queued' }
  }
  try {
    return { status: 'recorded', order: await ringUpSale(api, draft) }
  } catch (error) {
    if (classifyFailure(error, new Date()).kind === 'refused') throw error
    // Answer unknown: pressing pay again (same draft, same keys) gets the order if the server recorded it.
    if (needsNetwork(draft.payments)) throw new TenderNeedsNetworkError()
    // Sent, answer unknown: only she may send it again, under the same keys (sync-policy maySend, mayHaveReached).
    await enqueueSale(draft, soldBy, mayHaveReached(error, navigator.onLine) ? (user?.id ?? null) : null)
    return { status: 'queued' }
  }
}
