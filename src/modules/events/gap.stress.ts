import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffSession, type Session } from '../../../test/fixtures.js'
import { startTestServer, type TestServer } from '../../../test/harness.js'
import { emit } from '../../platform/events.js'
import { rowsOf } from '../../platform/db.js'
import type { PublicEvent } from './service.js'

async function openStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController()
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal })
  const ids: string[] = []
  const comments: string[] = []
  const body = response.body!
  void (async () => {
    const reader = body.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const dbg = block.split('\n').find((l) => l.startsWith(': DEBUG'))
          if (dbg) comments.push(dbg)
          const data = block.split('\n').find((l) => l.startsWith('data: '))
          if (data) ids.push((JSON.parse(data.slice(6)) as PublicEvent).id)
        }
      }
    } catch {
      // aborted
    }
  })()
  return { ids, comments, close: () => controller.abort() }
}

const WRITERS = Number(process.env.WRITERS ?? 8)
const PER_WRITER = Number(process.env.PER_WRITER ?? 60)
const STREAMS = Number(process.env.STREAMS ?? 20)
const HOLD_MS = Number(process.env.HOLD_MS ?? 3)

describe('stress', () => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({ engine: 'postgres', listen: true })
    admin = await staffSession(server, 'admin')
  })
  afterAll(async () => server?.close())

  for (let round = 0; round < Number(process.env.ROUNDS ?? 5); round++)
    it(`round ${round}: no gap`, async () => {
      const type = `test.stress_${round}`
      const ids: string[] = []
      for (let n = 0; n < 10; n++) ids.push(await server.database.transaction((tx) => emit(tx, type, { n })))
      const writers = Array.from({ length: WRITERS }, async (_, w) => {
        for (let n = 0; n < PER_WRITER; n++) {
          ids.push(
            await server.database.transaction(async (tx) => {
              const id = await emit(tx, type, { w, n })
              if (HOLD_MS > 0 && Math.random() < 0.5) await new Promise((r) => setTimeout(r, Math.random() * HOLD_MS))
              return id
            }),
          )
        }
      })
      const streams: { from: string; ids: string[]; comments: string[]; close: () => void }[] = []
      const opener = (async () => {
        for (let s = 0; s < STREAMS; s++) {
          const from = ids[Math.floor(Math.random() * ids.length)]!
          const st = await openStream(`${server.url}/v1/events/stream?types=${type}&lastEventId=${from}`, admin.headers)
          streams.push({ from, ...st })
          await new Promise((r) => setTimeout(r, Math.random() * 30))
        }
      })()
      await Promise.all([...writers, opener])
      const all = rowsOf<{ id: string }>(
        await server.database.db.execute(sql`select id from outbox_events where type = ${type} order by txid, position`),
      ).map((r) => r.id)
      const last = all.at(-1)!
      const deadline = Date.now() + 20_000
      while (streams.some((s) => !s.ids.includes(last)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      const cur = rowsOf<{ id: string; txid: string; position: number }>(
        await server.database.db.execute(sql`select id, txid::text as txid, position from outbox_events where type = ${type} order by txid, position`),
      )
      let bad = 0
      for (const s of streams) {
        s.close()
        const expected = all.slice(all.indexOf(s.from) + 1)
        if (JSON.stringify(s.ids) !== JSON.stringify(expected)) {
          bad++
          const missing = expected.filter((id) => !s.ids.includes(id))
          console.log(`BAD stream from ${all.indexOf(s.from)}: got ${s.ids.length}, expected ${expected.length}; missing`, missing.map((id) => cur.find((r) => r.id === id)), s.comments)
        }
      }
      if (bad) console.log(`BAD ${bad}/${streams.length}; from`, cur.find((r) => r.id === streams[0]!.from))
      for (const s of streams) {
        const expected = all.slice(all.indexOf(s.from) + 1)
        if (JSON.stringify(s.ids) !== JSON.stringify(expected)) {
          const missing = expected.filter((id) => !s.ids.includes(id))
          console.log(`stream from ${all.indexOf(s.from)}: got ${s.ids.length}, expected ${expected.length}; missing at`, missing.map((id) => expected.indexOf(id)))
        }
        expect(s.ids).toEqual(expected)
      }
    })
})
