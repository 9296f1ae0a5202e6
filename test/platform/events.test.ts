import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/platform/db.js'
import { currentEventCursor, readEventsAfter, runConsumerBatch, START_CURSOR, type OutboxEvent } from '../../src/platform/events.js'
import { newId } from '../../src/platform/ids.js'
import { outboxEvents } from '../../src/platform/schema.js'
import { engines, openTestDatabase } from '../harness.js'

describe.each(engines)('the outbox on %s', (engine) => {
  let database: Database
  let dispose: (() => Promise<void>) | undefined
  // Real transaction ids cross a power of ten only now and then; rows written with small explicit ids, in a database
  // holding no other event, cross one on every run.
  const txids = ['8', '9', '10', '11']
  const ids = txids.map(() => newId('evt'))
  const idsOf = (events: OutboxEvent[]) => events.map((event) => event.id)

  beforeAll(async () => {
    const opened = await openTestDatabase(engine)
    database = opened.database
    dispose = opened.dispose
    await database.db.insert(outboxEvents).values(txids.map((txid, i) => ({ id: ids[i] ?? '', txid, type: 'test.power_of_ten', payload: {} })))
  })
  afterAll(async () => dispose?.())

  it('reads in transaction order across a power of ten, page after page', async () => {
    const first = await readEventsAfter(database.db, START_CURSOR, 2)
    const second = await readEventsAfter(database.db, first.at(-1) ?? START_CURSOR, 2)
    expect([...idsOf(first), ...idsOf(second)]).toEqual(ids)
  })

  it('starts a new reader after the newest transaction’s event', async () => {
    expect((await currentEventCursor(database.db)).txid).toBe('11')
  })

  it('hands a durable consumer every event once, in transaction order', async () => {
    const seen: string[] = []
    const handle = async (_tx: unknown, events: OutboxEvent[]) => void seen.push(...idsOf(events))
    while ((await runConsumerBatch(database, 'test-power-of-ten', handle, 3)) > 0);
    expect(seen).toEqual(ids)
  })
})
