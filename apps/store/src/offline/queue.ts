/**
 * The sales the till holds until the server records them, in IndexedDB (they survive a reload or a crash), with an
 * in-memory copy for the screens (useSyncExternalStore). Every write goes to IndexedDB first, then refreshes the copy.
 */
import { useSyncExternalStore } from 'react'
import type { SaleDraft } from '../sales/sale-draft.js'
import { tillDb, type QueuedSale } from './db.js'

let snapshot: readonly QueuedSale[] = []
let loaded = false
const listeners = new Set<() => void>()

async function reload(): Promise<void> {
  const db = await tillDb()
  snapshot = await db.getAllFromIndex('sales', 'byQueuedAt')
  loaded = true
  listeners.forEach((listener) => listener())
}

/** Every sale held, oldest first (read from IndexedDB). */
export async function queuedSales(): Promise<QueuedSale[]> {
  const db = await tillDb()
  return db.getAllFromIndex('sales', 'byQueuedAt')
}

export async function queuedSale(id: string): Promise<QueuedSale | undefined> {
  return (await tillDb()).get('sales', id)
}

/** Keeps a sale to send later; a sale already held under this id is left as it is (the same sale queued twice). */
export async function enqueueSale(draft: SaleDraft, soldBy: QueuedSale['soldBy'], sentBy: string | null, now = new Date()): Promise<QueuedSale> {
  const db = await tillDb()
  const tx = db.transaction('sales', 'readwrite')
  const existing = await tx.store.get(draft.id)
  const sale: QueuedSale = existing ?? {
    id: draft.id,
    draft,
    state: 'waiting',
    queuedAt: now.toISOString(),
    attempts: 0,
    lastTriedAt: null,
    sentBy,
    soldBy,
    refusal: null,
    editedFrom: null,
    discard: null,
  }
  if (!existing) await tx.store.put(sale)
  await tx.done
  await reload()
  return sale
}

/** Writes a changed sale (its state after a try, a manager's decision). */
export async function saveSale(sale: QueuedSale): Promise<void> {
  await (await tillDb()).put('sales', sale)
  await reload()
}

/** Forgets a sale: only once the server has recorded it. */
export async function removeSale(id: string): Promise<void> {
  await (await tillDb()).delete('sales', id)
  await reload()
}

/** Replaces a sale by its edited version in one transaction (a new id: see QueuedSale.editedFrom). */
export async function replaceSale(oldId: string, next: QueuedSale): Promise<void> {
  const db = await tillDb()
  const tx = db.transaction('sales', 'readwrite')
  await tx.store.delete(oldId)
  await tx.store.put(next)
  await tx.done
  await reload()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (!loaded) void reload()
  return () => listeners.delete(listener)
}

/** The sales held, for a screen; empty until IndexedDB has answered. */
export function useQueuedSales(): readonly QueuedSale[] {
  return useSyncExternalStore(subscribe, () => snapshot)
}

/** How many sales wait for the network and how many need a person. */
export function useQueueCounts(): { waiting: number; attention: number } {
  const sales = useQueuedSales()
  let waiting = 0
  let attention = 0
  for (const sale of sales) {
    if (sale.state === 'waiting') waiting += 1
    else if (sale.state === 'attention') attention += 1
  }
  return { waiting, attention }
}
