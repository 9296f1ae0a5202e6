/**
 * What a staff search cannot be made to tell: a blank or punctuation-only term is refused rather than listing
 * everyone, and totalCount comes on the first page only, so a forged cursor past the end cannot count the matches of
 * an email the access log shows no hit for. The count a search gave is logged with the profiles it listed.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerSession, staffSession, type Session } from '../../../test/fixtures.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'

const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe.each(engines)('customer search guards on %s', (engine) => {
  let server: TestServer
  let admin: Session
  let camille: Session & { email: string }
  let paulId: string
  beforeAll(async () => {
    server = await startTestServer({ engine })
    admin = await staffSession(server, 'admin')
    camille = await customerSession(server)
    await customerSession(server)
    const walkIn = await server.app.inject({ method: 'POST', url: '/v1/customers', headers: admin.headers, payload: { firstName: 'Paul', lastName: 'Roux', phone: '06 12 34 56 78' } })
    expect(walkIn.statusCode, walkIn.body).toBe(201)
    paulId = walkIn.json().id
  })
  afterAll(async () => server?.close())

  const search = (query: string) => server.app.inject({ url: `/v1/customers?${query}`, headers: admin.headers })

  it('refuses a term with fewer than 2 letters or digits, naming /query/q', async () => {
    for (const q of ['%20%20', '()', '%20(%20)%20', '--', 'a.', '+(']) {
      const res = await search(`q=${q}&count=true`)
      expect(res.statusCode, q).toBe(400)
      expect(res.json(), q).toMatchObject({ field: '/query/q' })
    }
  })

  it('still finds by 2 digits and by phone', async () => {
    expect((await search('q=06')).statusCode).toBe(200)
    expect((await search('q=06%2012%2034%2056%2078')).json().items.map((c: { id: string }) => c.id)).toContain(paulId)
  })

  it('gives totalCount on the first page only, under the default order and a sort', async () => {
    const first = await search(`q=${encodeURIComponent(camille.email)}&count=true`)
    expect(first.json()).toMatchObject({ totalCount: 1 })
    const pastTheEnd = await search(`q=${encodeURIComponent(camille.email)}&count=true&cursor=${forged([0, '0', ''])}`)
    expect(pastTheEnd.statusCode).toBe(200)
    expect(pastTheEnd.json()).toEqual({ items: [], nextCursor: null })
    const sorted = await search(`q=${encodeURIComponent(camille.email)}&count=true&sort=-createdAt&cursor=${forged({ s: '-createdAt', k: ['0001-01-01T00:00:00.000000Z', ''] })}`)
    expect(sorted.statusCode, sorted.body).toBe(200)
    expect(sorted.json()).toEqual({ items: [], nextCursor: null })
  })

  it('gives no totalCount past the first page of any list', async () => {
    const cursor = forged({ s: '-placedAt', k: ['0001-01-01T00:00:00.000000Z', ''] })
    const res = await server.app.inject({ url: `/v1/orders?count=true&sort=-placedAt&cursor=${cursor}`, headers: admin.headers })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).not.toHaveProperty('totalCount')
  })

  it('logs the count a search gave beside the profiles it listed', async () => {
    await search(`q=${encodeURIComponent(camille.email)}&count=true&limit=1`)
    const [entry] = rowsOf<{ details: unknown }>(
      await server.database.db.execute(sql`select details from customer_audit_entries where action = 'search' and actor_id = ${admin.id} order by id desc limit 1`),
    )
    expect(entry?.details).toEqual({ matches: 1, customerIds: [camille.id], totalCount: 1 })
  })
})
