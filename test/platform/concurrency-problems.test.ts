import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { handleError } from '../../src/platform/problems.js'

describe('problems for requests that crossed in the database', () => {
  it.each([
    ['40P01', 'a deadlock'],
    ['40001', 'a serialization failure'],
  ])('answers SQLSTATE %s (%s), even wrapped by the ORM, with a 409 to retry rather than a 500', async (code) => {
    const app = Fastify({ logger: false })
    app.setErrorHandler(handleError)
    app.get('/crossed', async () => {
      // What Drizzle throws: its own error, with the driver's error (carrying the SQLSTATE) as the cause.
      throw new Error('Failed query: update stock_levels …', { cause: Object.assign(new Error('deadlock detected'), { code }) })
    })
    const res = await app.inject({ method: 'GET', url: '/crossed' })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/concurrent-update', status: 409 })
    await app.close()
  })
})
