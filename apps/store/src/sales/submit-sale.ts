/**
 * The one way the sale screen records a new sale: today straight to the server with ringUpSale; the offline queue
 * (../offline/) will make it keep the draft and send it when the network is back. Callers treat the answer the same.
 */
import { api } from '../api.js'
import { ringUpSale, type RecordedOrder } from './ring-up.js'
import type { SaleDraft } from './sale-draft.js'

/** The order the sale became; rejects with the server's problem (a refused tender, stock gone) or a network error. */
export async function submitSale(draft: SaleDraft): Promise<RecordedOrder> {
  return ringUpSale(api, draft)
}
