/**
 * The offline queue's rules in node, against a fake server that keeps Idempotency-Keys like the real one: sales are
 * sent oldest first and one at a time, a sync cut off after the server recorded a sale makes no second order, a
 * refusal goes to the manager with advice and the pass goes on, a network failure or a 5xx keeps the sale waiting,
 * a sale sent by one associate is sent again only by her, and a sale is sent automatically only while its own seller
 * is signed in (a manager may send it explicitly, in her own name). The browser test (store-offline.test.ts) does the rest.
 */
import { ProblemError } from '@omnicanal/client'
import { describe, expect, it } from 'vitest'
import { channelPrice, normaliseCode, offlineVariantsOf } from '../../apps/store/src/offline/catalogue-model.js'
import type { QueuedSale } from '../../apps/store/src/offline/db.js'
import { runPass, type PassDeps } from '../../apps/store/src/offline/sync-pass.js'
import { adviceFor, backoffMs, classifyFailure, dueSales, expiredDiscards, mayHaveReached, maySend } from '../../apps/store/src/offline/sync-policy.js'
import { needsNetwork, saleKeys, type SaleDraft } from '../../apps/store/src/sales/sale-draft.js'

const problem = (status: number, code: string) => new ProblemError({ type: `https://omnicanal.dev/problems/${code}`, title: code, status, detail: `${code} detail` })

function draft(id: string, couponCodes: string[] = []): SaleDraft {
  return {
    id,
    channelId: 'chn_store',
    locationId: 'loc_store',
    customerId: null,
    lines: [{ variantId: 'var_1', sku: 'SKU-1', title: 'Robe', quantity: 1, unitPrice: { amount: 8990, currency: 'EUR' } }],
    couponCodes,
    payments: [{ method: 'cash', tendered: 9000 }],
    receiptEmail: null,
    createdAt: '2026-12-07T10:00:00.000Z',
  }
}

function queued(id: string, at: string, extra: Partial<QueuedSale> = {}): QueuedSale {
  return { id, draft: draft(id), state: 'waiting', queuedAt: at, attempts: 0, lastTriedAt: null, sentBy: null, soldBy: { id: 'stf_a', name: 'Anna' }, refusal: null, editedFrom: null, discard: null, ...extra }
}

/** A queue in memory and a server that records each checkout key once and replays its order, like the real one. */
function world(sales: QueuedSale[], behaviour: (draft: SaleDraft, call: number) => 'ok' | 'lost' | 'offline' | Error, userId = 'stf_a') {
  const queue = new Map(sales.map((sale) => [sale.id, sale]))
  const orders = new Map<string, string>()
  const sent: string[] = []
  let calls = 0
  const deps: PassDeps = {
    list: async () => [...queue.values()],
    save: async (sale) => void queue.set(sale.id, sale),
    remove: async (id) => void queue.delete(id),
    ringUp: async (d) => {
      calls += 1
      sent.push(d.id)
      const what = behaviour(d, calls)
      if (what === 'offline') throw new TypeError('Failed to fetch')
      if (what instanceof Error) throw what
      const key = saleKeys(d).checkout
      if (!orders.has(key)) orders.set(key, `ord_${orders.size + 1}`)
      // The server recorded it, the answer never came back.
      if (what === 'lost') throw new TypeError('network connection lost')
      return { id: orders.get(key) }
    },
    userId,
    now: () => new Date('2026-12-07T11:00:00.000Z'),
    online: () => true,
  }
  return { queue, orders, sent, deps }
}

describe('offline queue: sync', () => {
  it('sends the sales oldest first, one at a time, and forgets each once recorded', async () => {
    const w = world([queued('s2', '2026-12-07T10:02:00.000Z'), queued('s1', '2026-12-07T10:01:00.000Z')], () => 'ok')
    expect(await runPass(w.deps, { force: false })).toEqual({ recorded: 2, refused: 0, interrupted: false })
    expect(w.sent).toEqual(['s1', 's2'])
    expect(w.queue.size).toBe(0)
    expect(w.orders.size).toBe(2)
  })

  it('makes no second order when a sync is cut off after the server recorded the sale', async () => {
    const w = world([queued('s1', '2026-12-07T10:01:00.000Z'), queued('s2', '2026-12-07T10:02:00.000Z')], (_d, call) => (call === 1 ? 'lost' : 'ok'))
    const first = await runPass(w.deps, { force: true })
    expect(first).toEqual({ recorded: 0, refused: 0, interrupted: true })
    // The pass stopped: s2 was not sent after s1's failure, and s1 remembers it was sent by her.
    expect(w.sent).toEqual(['s1'])
    expect(w.queue.get('s1')).toMatchObject({ state: 'waiting', attempts: 1, sentBy: 'stf_a' })
    expect(await runPass(w.deps, { force: true })).toEqual({ recorded: 2, refused: 0, interrupted: false })
    expect([...w.orders.keys()]).toEqual([saleKeys({ id: 's1' }).checkout, saleKeys({ id: 's2' }).checkout])
    expect(w.queue.size).toBe(0)
  })

  it('moves a refused sale to attention with the problem, and goes on with the next', async () => {
    const w = world([queued('s1', '2026-12-07T10:01:00.000Z'), queued('s2', '2026-12-07T10:02:00.000Z')], (d) => (d.id === 's1' ? problem(409, 'insufficient-stock') : 'ok'))
    expect(await runPass(w.deps, { force: true })).toEqual({ recorded: 1, refused: 1, interrupted: false })
    const flagged = w.queue.get('s1')!
    expect(flagged.state).toBe('attention')
    expect(flagged.refusal).toMatchObject({ status: 409, code: 'insufficient-stock', detail: 'insufficient-stock detail' })
    expect(adviceFor(flagged.refusal!)).toBe('stock')
    // Never dropped: a refused sale is not sent again by the automatic sync, only by a person.
    expect(await runPass(w.deps, { force: true })).toEqual({ recorded: 0, refused: 0, interrupted: false })
    expect(w.queue.has('s1')).toBe(true)
  })

  it('keeps a sale waiting on a network failure, a 5xx, a 429 or an expired session', async () => {
    for (const failure of [new TypeError('Failed to fetch'), problem(503, 'unavailable'), problem(500, 'internal'), problem(429, 'rate-limited'), problem(401, 'unauthorized')]) {
      const w = world([queued('s1', '2026-12-07T10:01:00.000Z')], () => failure)
      expect(await runPass(w.deps, { force: true })).toMatchObject({ interrupted: true })
      expect(w.queue.get('s1')).toMatchObject({ state: 'waiting', refusal: null })
    }
  })

  it('lets only the associate who sent a sale send it again (the keys live in her namespace)', async () => {
    const w = world([queued('s1', '2026-12-07T10:01:00.000Z', { sentBy: 'stf_b', attempts: 1, lastTriedAt: '2026-12-07T10:30:00.000Z' }), queued('s2', '2026-12-07T10:02:00.000Z')], () => 'ok')
    expect(await runPass(w.deps, { force: true })).toEqual({ recorded: 1, refused: 0, interrupted: false })
    expect(w.sent).toEqual(['s2'])
    expect(w.queue.has('s1')).toBe(true)
  })
})

describe('offline queue: who sends a sale', () => {
  const other = (id: string, at: string, extra: Partial<QueuedSale> = {}) => queued(id, at, { soldBy: { id: 'stf_b', name: 'Bruno' }, ...extra })

  it('sends automatically only the sales of the associate signed in, so each order names its own seller', async () => {
    const w = world([other('s1', '2026-12-07T10:01:00.000Z'), queued('s2', '2026-12-07T10:02:00.000Z')], () => 'ok')
    expect(await runPass(w.deps, { force: true })).toEqual({ recorded: 1, refused: 0, interrupted: false })
    expect(w.sent).toEqual(['s2'])
    expect(w.queue.get('s1')).toMatchObject({ state: 'waiting', sentBy: null, attempts: 0 })
    // Asking as manager without naming a sale changes nothing: the automatic pass never credits her with others' sales.
    expect(await runPass(w.deps, { force: true, asManager: true })).toEqual({ recorded: 0, refused: 0, interrupted: false })
    expect(w.sent).toEqual(['s2'])
  })

  it('lets a manager send another associate’s sale explicitly, unless it may already be on the server under her keys', async () => {
    const w = world([other('s1', '2026-12-07T10:01:00.000Z'), other('s2', '2026-12-07T10:02:00.000Z', { sentBy: 'stf_b', attempts: 1, lastTriedAt: '2026-12-07T10:30:00.000Z' })], () => 'ok', 'stf_manager')
    expect(await runPass(w.deps, { force: true, onlyId: 's1' })).toEqual({ recorded: 0, refused: 0, interrupted: false })
    expect(await runPass(w.deps, { force: true, onlyId: 's1', asManager: true })).toEqual({ recorded: 1, refused: 0, interrupted: false })
    expect(await runPass(w.deps, { force: true, onlyId: 's2', asManager: true })).toEqual({ recorded: 0, refused: 0, interrupted: false })
    expect(w.sent).toEqual(['s1'])
    expect(maySend(other('s3', '2026-12-07T10:03:00.000Z'), 'stf_b')).toBe(true)
    expect(maySend(other('s3', '2026-12-07T10:03:00.000Z'), 'stf_a')).toBe(false)
  })

  it('pins a sale to its sender only once the send may have reached the server', async () => {
    const cases: [unknown, boolean, string | null][] = [
      [problem(401, 'unauthorized'), true, null],
      [problem(404, 'unknown-variant'), true, null],
      [problem(429, 'rate-limited'), true, null],
      [new TypeError('Failed to fetch'), false, null],
      [new TypeError('Failed to fetch'), true, 'stf_manager'],
      [problem(503, 'unavailable'), true, 'stf_manager'],
      [problem(502, 'bad-gateway'), true, 'stf_manager'],
    ]
    for (const [failure, online, sentBy] of cases) {
      const w = world([other('s1', '2026-12-07T10:01:00.000Z')], () => failure as Error, 'stf_manager')
      w.deps.online = () => online
      await runPass(w.deps, { force: true, onlyId: 's1', asManager: true })
      expect(w.queue.get('s1')).toMatchObject({ sentBy, attempts: 1 })
      expect(mayHaveReached(failure, online)).toBe(sentBy !== null)
    }
    // Refused with a 404 under the manager's attempt: still its seller's to send, after a fix.
    const w = world([other('s1', '2026-12-07T10:01:00.000Z')], () => problem(404, 'unknown-variant'), 'stf_manager')
    await runPass(w.deps, { force: true, onlyId: 's1', asManager: true })
    expect(maySend(w.queue.get('s1')!, 'stf_b')).toBe(true)
  })

  it('deletes discarded sales 30 days after the discard, at the start of a pass', async () => {
    const discarded = (id: string, at: string) => queued(id, '2026-10-01T10:00:00.000Z', { state: 'discarded', discard: { reason: 'doublon', by: 'Chloé', at } })
    const w = world([discarded('old', '2026-11-07T10:59:00.000Z'), discarded('recent', '2026-11-08T10:00:00.000Z')], () => 'ok')
    await runPass(w.deps, { force: false })
    expect([...w.queue.keys()]).toEqual(['recent'])
    expect(expiredDiscards([discarded('x', '2026-11-07T11:00:00.000Z')], new Date('2026-12-07T11:00:00.000Z'))).toHaveLength(1)
  })
})

describe('offline queue: policy', () => {
  it('never keeps a gift card (code and PIN) or a store credit for later: those tenders need the network', () => {
    expect(needsNetwork([{ method: 'cash', tendered: 9000 }, { method: 'card_terminal', terminalReference: 'T-1' }])).toBe(false)
    expect(needsNetwork([{ method: 'cash', tendered: 1000, amount: 1000 }, { method: 'gift_card', code: 'GC-1', pin: '1234' }])).toBe(true)
    expect(needsNetwork([{ method: 'store_credit' }])).toBe(true)
  })

  it('backs off from 5 s to 5 minutes, and the periodic retry honours it', () => {
    expect([1, 2, 3, 10].map(backoffMs)).toEqual([5_000, 10_000, 20_000, 300_000])
    const now = new Date('2026-12-07T11:00:00.000Z')
    const recent = queued('s1', '2026-12-07T10:00:00.000Z', { attempts: 3, lastTriedAt: '2026-12-07T10:59:50.000Z' })
    expect(dueSales([recent], 'stf_a', now)).toEqual([])
    expect(dueSales([recent], 'stf_a', now, true)).toHaveLength(1)
  })

  it('advises by the problem: stock, coupon, gift card, payment, price, product, forbidden', () => {
    const advice = (status: number, code: string) => {
      const failure = classifyFailure(problem(status, code), new Date())
      return failure.kind === 'refused' ? adviceFor(failure.refusal) : failure.kind
    }
    expect(advice(409, 'insufficient-stock')).toBe('stock')
    expect(advice(409, 'coupon-used-up')).toBe('coupon')
    expect(advice(409, 'promotion-used-up')).toBe('coupon')
    expect(advice(409, 'gift-card-insufficient')).toBe('giftCard')
    expect(advice(402, 'payment-declined')).toBe('payment')
    expect(advice(409, 'total-changed')).toBe('price')
    expect(advice(404, 'unknown-variant')).toBe('product')
    expect(advice(403, 'forbidden')).toBe('forbidden')
    expect(advice(422, 'something-new')).toBe('other')
    expect(advice(502, 'bad-gateway')).toBe('retry')
  })
})

describe('offline catalogue', () => {
  const variant = (id: string, sku: string, barcode: string | null, amount: number) => ({ id, productId: 'prod_1', sku, barcode, options: {}, price: { amount, currency: 'EUR' }, compareAtPrice: null, position: 0, version: 1, createdAt: '', updatedAt: '' })
  const list = (code: string, priority: number, prices: [string, number][], extra: Record<string, unknown> = {}) => ({
    id: `prl_${code}`, code, name: code, currency: 'EUR', priority, active: true, startsAt: null, endsAt: null, channelIds: ['chn_store'], customerGroupCodes: [], priceCount: prices.length, version: 1, createdAt: '', updatedAt: '',
    prices: prices.map(([variantId, price]) => ({ variantId, price })), ...extra,
  })
  const now = new Date('2026-12-07T11:00:00.000Z')

  it('prices a variant by the channel’s winning list (highest priority, then lowest price, in its window), else the catalogue', () => {
    const catalogue = { amount: 8990, currency: 'EUR' }
    expect(channelPrice('var_1', catalogue, [], 'chn_store', now)).toEqual({ price: catalogue, priceList: null })
    const lists = [list('low', 1, [['var_1', 7000]]), list('high', 5, [['var_1', 8000]]), list('high-cheaper', 5, [['var_1', 7500]]), list('later', 9, [['var_1', 100]], { startsAt: '2027-01-01T00:00:00.000Z' }), list('web', 9, [['var_1', 100]], { channelIds: ['chn_web'] })]
    expect(channelPrice('var_1', catalogue, lists, 'chn_store', now)).toEqual({ price: { amount: 7500, currency: 'EUR' }, priceList: 'high-cheaper' })
  })

  it('prices thousands of variants against big lists in linear time, as channelPrice prices one', () => {
    const n = 5_000
    const variants = Array.from({ length: n }, (_, i) => variant(`var_${i}`, `SKU-${i}`, null, 10_000 + i))
    const products = [{ id: 'prod_1', handle: 'robe', status: 'active' as const, title: { fr: 'Robe', en: 'Dress' }, description: { fr: '', en: '' }, brand: '', vatRate: 2000, images: [], categoryIds: [], version: 1, createdAt: '', updatedAt: '', variants }]
    const lists = [list('a', 1, variants.map((v, i): [string, number] => [v.id, 9_000 + i])), list('b', 2, variants.filter((_, i) => i % 2 === 0).map((v): [string, number] => [v.id, 9_500]))]
    const started = performance.now()
    const records = offlineVariantsOf(products, lists, 'chn_store', now)
    // Quadratic (a find per variant per list) took seconds here; indexed, a few milliseconds.
    expect(performance.now() - started).toBeLessThan(500)
    expect(records[0]).toMatchObject({ price: { amount: 9_500 }, priceList: 'b' })
    expect(records[1]).toMatchObject({ price: { amount: 9_001 }, priceList: 'a' })
    for (const i of [0, 1, 2_501, n - 1]) expect(records[i]!.price).toEqual(channelPrice(variants[i]!.id, variants[i]!.price, lists, 'chn_store', now).price)
  })

  it('indexes each variant of the active products by SKU in any case and by barcode', () => {
    const product = (status: 'active' | 'draft') => ({ id: 'prod_1', handle: 'robe', status, title: { fr: 'Robe', en: 'Dress' }, description: { fr: '', en: '' }, brand: '', vatRate: 2000, images: [], categoryIds: [], version: 1, createdAt: '', updatedAt: '', variants: [variant('var_1', 'Ml-Robe-36', '3760000000017', 8990)] })
    const [record] = offlineVariantsOf([product('active'), { ...product('draft'), id: 'prod_2' }], [], 'chn_store', now)
    expect(record).toMatchObject({ id: 'var_1', codes: ['ML-ROBE-36', '3760000000017'], title: { fr: 'Robe', en: 'Dress' }, price: { amount: 8990, currency: 'EUR' } })
    expect(normaliseCode(' ml-robe-36 ')).toBe('ML-ROBE-36')
    expect(offlineVariantsOf([{ ...product('draft') }], [], 'chn_store', now)).toEqual([])
  })
})
