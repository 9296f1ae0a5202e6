import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { customerSession, seedStores, staffSession, type Session, type Stores } from '../../../test/fixtures.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import type { EventScope } from '../../platform/events.js'
import { emitTestEvent } from '../../../test/outbox.js'
import { newId } from '../../platform/ids.js'
import { outboxEvents } from '../../platform/schema.js'
import { createIntegrationKey, createStaffUser } from '../auth/service.js'
import type { PublicEvent } from './service.js'

interface SseClient {
  status: number
  /** Parsed `data:` of every event message, in arrival order. */
  events: PublicEvent[]
  /** `id:` / `event:` lines, to check they agree with the data. */
  frames: { id: string; event: string }[]
  comments: string[]
  ended: boolean
  done: Promise<void>
  close(): void
}

/** A minimal EventSource over fetch: parses messages as they arrive until the server ends or we abort. */
async function openStream(server: TestServer, query: string, headers: Record<string, string>): Promise<SseClient> {
  const controller = new AbortController()
  const response = await fetch(`${server.url}/v1/events/stream${query}`, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal })
  const client: SseClient = {
    status: response.status,
    events: [],
    frames: [],
    comments: [],
    ended: false,
    done: Promise.resolve(),
    close: () => controller.abort(),
  }
  const body = response.body
  if (!response.ok || !body) {
    await response.text()
    return client
  }
  const parse = (block: string) => {
    const fields = new Map<string, string>()
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) client.comments.push(line.slice(1).trim())
      else if (line.includes(':')) fields.set(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart())
    }
    const data = fields.get('data')
    if (data === undefined) return
    client.events.push(JSON.parse(data) as PublicEvent)
    client.frames.push({ id: fields.get('id') ?? '', event: fields.get('event') ?? '' })
  }
  client.done = (async () => {
    const reader = body.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          parse(buffer.slice(0, end))
          buffer = buffer.slice(end + 2)
        }
      }
    } catch {
      // Aborted by close().
    } finally {
      client.ended = true
    }
  })()
  return client
}

/** Polls until `probe` holds; fails with `what` after a generous bound (a wait, not a timing assertion). */
async function waitFor(what: string, probe: () => boolean, boundMs = 45_000): Promise<void> {
  const deadline = Date.now() + boundMs
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const idsOf = (client: SseClient) => client.events.map((event) => event.id)

describe.each(engines)('GET /v1/events/stream on %s', (engine) => {
  let server: TestServer
  let stores: Stores
  let admin: Session
  const clients: SseClient[] = []

  async function stream(query: string, session: { headers: Record<string, string> }, extra: Record<string, string> = {}): Promise<SseClient> {
    const client = await openStream(server, query, { ...session.headers, ...extra })
    clients.push(client)
    return client
  }
  const commit = (type: string, data: Record<string, unknown>, scope: EventScope = {}) => server.database.transaction((tx) => emitTestEvent(tx, type, data, scope))

  beforeAll(async () => {
    server = await startTestServer({ engine, listen: true })
    stores = await seedStores(server.database)
    admin = await staffSession(server, 'admin')
  })
  afterEach(() => {
    for (const client of clients.splice(0)) client.close()
  })
  afterAll(async () => server?.close())

  it('streams an event committed by another request, with id and event lines matching its data', async () => {
    const client = await stream('?types=locations.location_created', admin)
    expect(client.status).toBe(200)
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/locations',
      headers: admin.headers,
      payload: {
        code: 'store-nantes',
        name: 'Nantes',
        kind: 'store',
        address: { line1: '1 rue Crébillon', postalCode: '44000', city: 'Nantes', country: 'FR' },
        coordinates: { latitude: 47.2137, longitude: -1.5601 },
      },
    })
    expect(created.statusCode).toBe(201)
    const locationId = created.json<{ id: string }>().id
    await waitFor('the location_created event', () => client.events.some((event) => event.data.locationId === locationId))
    const index = client.events.findIndex((event) => event.data.locationId === locationId)
    expect(client.events[index]).toMatchObject({ type: 'locations.location_created', locationId, customerId: null })
    expect(client.frames[index]).toEqual({ id: client.events[index]?.id, event: 'locations.location_created' })
  })

  it('never delivers an event from a rolled-back transaction', async () => {
    const client = await stream('?types=test.*', admin)
    await expect(
      server.database.transaction(async (tx) => {
        await emitTestEvent(tx, 'test.rolled_back', { n: 1 })
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    const committed = await commit('test.committed', { n: 2 })
    await waitFor('the committed event', () => idsOf(client).includes(committed))
    expect(client.events.map((event) => event.type)).not.toContain('test.rolled_back')
  })

  it('filters by type and by location', async () => {
    const client = await stream(`?types=test.filtered,test.prefix.*&locationId=${stores.lyon.id}`, admin)
    await commit('test.filtered', {}, { locationId: stores.montpellier.id })
    await commit('test.unwanted', {}, { locationId: stores.lyon.id })
    const byPrefix = await commit('test.prefix.matched', {}, { locationId: stores.lyon.id })
    const last = await commit('test.filtered', {}, { locationId: stores.lyon.id })
    await waitFor('the Lyon event', () => idsOf(client).includes(last))
    expect(idsOf(client)).toEqual([byPrefix, last])
  })

  it('shows store staff the events of their own locations, and a stranger location answers 404', async () => {
    const associate = await staffSession(server, 'store_associate', [stores.lyon.id])
    const refused = await server.app.inject({ url: `/v1/events/stream?locationId=${stores.montpellier.id}`, headers: associate.headers })
    expect(refused.statusCode).toBe(404)
    expect(refused.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/not-found', field: '/query/locationId' })

    const client = await stream('?types=test.staff', associate)
    await commit('test.staff', {}, { locationId: stores.montpellier.id })
    await commit('test.staff', {}, {})
    const lyon = await commit('test.staff', {}, { locationId: stores.lyon.id })
    await waitFor('the Lyon event', () => idsOf(client).includes(lyon))
    expect(idsOf(client)).toEqual([lyon])
  })

  it('shows a customer only their own events, and the call centre every event about a customer', async () => {
    const camille = await customerSession(server)
    const other = await customerSession(server)
    const agent = await staffSession(server, 'call_centre_agent')
    const refused = await server.app.inject({ url: `/v1/events/stream?customerId=${other.id}`, headers: camille.headers })
    expect(refused.statusCode).toBe(404)

    const own = await stream('?types=test.customer', camille)
    const centre = await stream('?types=test.customer', agent)
    await commit('test.customer', {}, {})
    const others = await commit('test.customer', {}, { customerId: other.id })
    const mine = await commit('test.customer', {}, { customerId: camille.id })
    await waitFor('the customer’s event', () => idsOf(own).includes(mine) && idsOf(centre).includes(mine))
    expect(idsOf(own)).toEqual([mine])
    expect(idsOf(centre)).toEqual([others, mine])
  })

  it('shows a customer no staff user’s id in her events, while staff see it', async () => {
    const camille = await customerSession(server)
    const own = await stream('?types=test.staff_ids', camille)
    const all = await stream('?types=test.staff_ids', admin)
    const data = { cartId: 'crt_1', createdByStaffId: admin.id, unlockedBy: { kind: 'staff', id: admin.id }, notes: [admin.id, 'kept'] }
    const event = await commit('test.staff_ids', data, { customerId: camille.id })
    await waitFor('the event on both streams', () => idsOf(own).includes(event) && idsOf(all).includes(event))
    expect(own.events[0]!.data).toEqual({ cartId: 'crt_1', createdByStaffId: null, unlockedBy: { kind: 'staff', id: null }, notes: [null, 'kept'] })
    expect(all.events.find((e) => e.id === event)!.data).toEqual(data)
  })

  it('refuses anonymous callers, devices and API keys without events:read, and serves keys with it', async () => {
    expect((await server.app.inject({ url: '/v1/events/stream' })).statusCode).toBe(401)
    const device = await server.app.inject({ method: 'POST', url: '/v1/auth/anonymous' })
    const deviceHeaders = { authorization: `Bearer ${device.json<{ token: string }>().token}` }
    const forDevice = await server.app.inject({ url: '/v1/events/stream', headers: deviceHeaders })
    expect(forDevice.statusCode).toBe(403)
    expect(forDevice.headers['content-type']).toContain('application/problem+json')

    const [withScope, withoutScope] = await server.database.transaction(async (tx) => {
      const integration = await createStaffUser(tx, { email: 'erp@test.omnicanal', displayName: 'ERP', role: 'integration', grantor: 'system' })
      return Promise.all([
        createIntegrationKey(tx, { staffUserId: integration.id, label: 'events', scopes: ['events:read'], ttlHours: null, grantor: 'system' }),
        createIntegrationKey(tx, { staffUserId: integration.id, label: 'webhooks', scopes: ['webhooks:manage'], ttlHours: null, grantor: 'system' }),
      ])
    })
    expect((await server.app.inject({ url: '/v1/events/stream', headers: { authorization: `Bearer ${withoutScope.token}` } })).statusCode).toBe(403)
    const client = await stream('?types=test.integration', { headers: { authorization: `Bearer ${withScope.token}` } })
    const event = await commit('test.integration', {}, { customerId: 'cus_anyone', locationId: stores.paris.id })
    await waitFor('the event', () => idsOf(client).includes(event))
  })

  it('refuses a malformed type filter with a 400 on the field', async () => {
    const res = await server.app.inject({ url: '/v1/events/stream?types=orders.*,Bad%20Type', headers: admin.headers })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/invalid-event-types', field: '/query/types' })
  })

  it('resumes after Last-Event-ID with exactly the missed events, then continues live', async () => {
    const first = await stream('?types=test.resume', admin)
    const seen = await commit('test.resume', { n: 0 })
    await waitFor('the first event', () => idsOf(first).includes(seen))
    first.close()

    const missed = [await commit('test.resume', { n: 1 }), await commit('test.unrelated', {}), await commit('test.resume', { n: 2 })].filter((_, i) => i !== 1)
    const resumed = await stream('?types=test.resume', admin, { 'last-event-id': seen })
    await waitFor('the missed events', () => missed.every((id) => idsOf(resumed).includes(id)))
    const live = await commit('test.resume', { n: 3 })
    await waitFor('the live event', () => idsOf(resumed).includes(live))
    expect(idsOf(resumed)).toEqual([...missed, live])
  })

  it('has neither gap nor duplicate when events keep committing while it replays', async () => {
    const ids: string[] = []
    for (let n = 0; n < 10; n++) ids.push(await commit('test.race', { n }))
    const writer = (async () => {
      for (let n = 10; n < 60; n++) ids.push(await commit('test.race', { n }))
    })()
    const resumed = await stream(`?types=test.race&lastEventId=${ids[4]}`, admin)
    await writer
    await waitFor('the last event', () => idsOf(resumed).includes(ids[59] ?? ''))
    expect(idsOf(resumed)).toEqual(ids.slice(5))
  })

  it('replays in transaction order when transaction ids cross a power of ten', async () => {
    // Real ids cross one only now and then (99999 → 100000 once made this stream drop events); rows written with
    // small explicit ids cross one on every run.
    const old = ['8', '9', '10', '11'].map((txid) => ({ id: newId('evt'), txid, type: 'test.power_of_ten', payload: {} }))
    await server.database.db.insert(outboxEvents).values(old)
    const resumed = await stream('?types=test.power_of_ten', admin, { 'last-event-id': old[0]?.id ?? '' })
    const live = await commit('test.power_of_ten', {})
    await waitFor('the live event', () => idsOf(resumed).includes(live))
    expect(idsOf(resumed)).toEqual([...old.slice(1).map((row) => row.id), live])
  })

  it('starts live with a notice when Last-Event-ID is unknown', async () => {
    const client = await stream('?types=test.unknown_resume', admin, { 'last-event-id': 'evt_doesnotexist' })
    await waitFor('the notice', () => client.comments.some((comment) => comment.includes('unknown or expired')))
    const live = await commit('test.unknown_resume', {})
    await waitFor('the live event', () => idsOf(client).includes(live))
    expect(idsOf(client)).toEqual([live])
  })

  it('ends open streams when the app closes, so that closing is not held up', async () => {
    const other = await startTestServer({ engine, listen: true })
    const session = await staffSession(other, 'admin')
    const client = await openStream(other, '', session.headers)
    expect(client.status).toBe(200)
    await other.close()
    await client.done
    expect(client.ended).toBe(true)
    expect(client.comments.some((comment) => comment.includes('shutting down'))).toBe(true)
  })
})
