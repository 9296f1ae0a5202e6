/**
 * The till's own database (IndexedDB through idb): what it needs to keep selling without the network. `sales` holds
 * the sales not yet recorded by the server (waiting or needing attention), `variants` the store channel's catalogue
 * with its prices, `meta` one record per snapshot (when it was taken, for which channel). Opened once per page.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { SaleDraft } from '../sales/sale-draft.js'
import type { OfflineVariant, SnapshotMeta } from './catalogue-model.js'

/**
 * Where a sale not yet recorded stands: `waiting` for the network, `attention` for a person (the server refused it),
 * `discarded` by a manager with a reason — kept, never deleted, so that nothing rung disappears without a trace.
 */
export type QueuedState = 'waiting' | 'attention' | 'discarded'

/** What the server said when it refused a sale on sync, kept to show the manager. */
export interface SaleRefusal {
  status: number
  /** The problem's code (`insufficient-stock`), undefined for a problem without one. */
  code: string | undefined
  title: string
  detail: string | undefined
  at: string
  /** For insufficient-stock: the variant short and by how much, to correct the stock in one click. */
  shortfall?: { variantId: string; quantity: number }
}

export interface QueuedSale {
  /** The draft's id: the key of the store and the base of its Idempotency-Keys. */
  id: string
  draft: SaleDraft
  state: QueuedState
  queuedAt: string
  /** How many times the sync tried it; the backoff grows with it. */
  attempts: number
  lastTriedAt: string | null
  /** The staff user who first sent it to the server (null: never sent); only she may send it again (sync-policy). */
  sentBy: string | null
  /** Who rang it, to show. */
  soldBy: { id: string; name: string }
  refusal: SaleRefusal | null
  /** The sale this one replaces after the manager edited it (a new id, hence new keys: the old cart holds the coupon). */
  editedFrom: string | null
  discard: { reason: string; by: string; at: string } | null
}

interface TillDb extends DBSchema {
  sales: { key: string; value: QueuedSale; indexes: { byQueuedAt: string } }
  variants: { key: string; value: OfflineVariant; indexes: { byCode: string } }
  meta: { key: string; value: SnapshotMeta }
}

export type TillDatabase = IDBPDatabase<TillDb>

let opened: Promise<TillDatabase> | undefined

/** The database, opened (and upgraded) on first use. */
export function tillDb(): Promise<TillDatabase> {
  opened ??= openDB<TillDb>('omnicanal-store', 1, {
    upgrade(db) {
      const sales = db.createObjectStore('sales', { keyPath: 'id' })
      sales.createIndex('byQueuedAt', 'queuedAt')
      const variants = db.createObjectStore('variants', { keyPath: 'id' })
      // Every code a till may type or scan (SKU in upper case, barcodes) points to its variant.
      variants.createIndex('byCode', 'codes', { multiEntry: true })
      db.createObjectStore('meta')
    },
  })
  return opened
}
