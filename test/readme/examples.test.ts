/**
 * Every example of the README runs against the demo shop, as a reader runs them after `npm start`: one shell session,
 * in the README's order, on a server seeded once per engine with the demo shop.
 *
 * The rule for writing an example (also in README "Development"):
 * - It is a `curl` command in a fenced `sh` block, on one line or continued with `\`, calling http://127.0.0.1:3000.
 *   The line right after it is `# → <status> <answer>`: the status it answers (asserted), then a sketch of the answer:
 *   JSON with `…` for what is left out (a value, more keys, more items), or prose for an answer that is not JSON.
 * - The answer must hold what the sketch shows, at the same places: every value written is compared (`"points": 1200`,
 *   `"tier": "membre"`); a string containing `…` is a shape, not a value (`"code": "FID-…"` for a drawn code); an
 *   object without a `…` member has exactly its keys; an array's items are compared in order (`[…]`: any array).
 * - A value the reader takes from an answer is written `"key": "$NAME"` in that answer's sketch; later commands use it as
 *   `$NAME` (in double quotes or bare, as a shell does; the reader sets it with `NAME=…`). A command using a `$NAME` no
 *   earlier example binds fails.
 * - Demo data is named as the README names it (emails, phones, codes); ids come from answers, never typed in.
 * - Any line naming `curl ` in a code block is an example and must start with it: none is skipped, and
 *   `X=$(curl …)` or `curl … | jq` fails. Only the options in ./examples.ts are understood (`-s`, `-X`, `-H`, `-d`,
 *   `-o`); another one fails until it is added there.
 * - The typed client's example (README "Typed client") is packages/client/examples/guest-checkout.ts verbatim, run
 *   here after the curl examples.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { guestCheckout } from '../../packages/client/examples/guest-checkout.js'
import { ensureDemoShop } from '../../src/demo/seed.js'
import { checkoutPolicyOf } from '../../src/modules/orders/service.js'
import { engines, startTestServer, type TestServer } from '../harness.js'
import { matchSketch, readExamples, sketchValue, toRequest, type Example } from './examples.js'

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8')
const examples = readExamples(README)
const CLIENT_EXAMPLE = readFileSync(fileURLToPath(new URL('../../packages/client/examples/guest-checkout.ts', import.meta.url)), 'utf8')

/** What the answer holds, parsed as JSON when it is JSON. */
async function answerOf(res: Response): Promise<{ text: string; json: unknown }> {
  const text = await res.text()
  if (!(res.headers.get('content-type') ?? '').includes('json')) return { text, json: undefined }
  return { text, json: JSON.parse(text) as unknown }
}

describe('the README examples', () => {
  it('are found, each with the answer it expects', () => {
    // The README has examples from login to loyalty; a parser that found none would pass everything below.
    expect(examples.length).toBeGreaterThanOrEqual(5)
    expect(examples.map((e) => e.status).every((s) => s >= 100 && s < 600)).toBe(true)
  })

  it('shows the typed client example as its file, verbatim', () => {
    expect(README).toContain(`\`\`\`ts\n${CLIENT_EXAMPLE}\`\`\`\n`)
  })

  it('refuses a curl command without its answer, a curl it would not run, an unset variable and a curl option it does not know', () => {
    expect(() => readExamples('```sh\ncurl -s http://127.0.0.1:3000/v1/channels\n```\n')).toThrow(/line 2: a curl example needs/)
    expect(() => readExamples('```sh\nTOKEN=$(curl -s http://127.0.0.1:3000/v1/auth/anonymous)\n```\n')).toThrow(/line 2: a line naming curl/)
    expect(() => readExamples('```sh\n  | curl -s http://127.0.0.1:3000/v1/channels\n```\n')).toThrow(/line 2: a line naming curl/)
    expect(() => toRequest('curl -s http://127.0.0.1:3000/v1/channels | jq .items', {}, 'http://x')).toThrow(/shell syntax/)
    expect(() => toRequest('curl -s http://127.0.0.1:3000/v1/customers/$LEA', {}, 'http://x')).toThrow(/\$LEA is not set/)
    expect(() => toRequest('curl -k http://127.0.0.1:3000/v1/channels', {}, 'http://x')).toThrow(/-k is not understood/)
  })

  it('reads a command as a shell does: quotes, continued lines, variables bare, in double quotes and between single-quoted parts', () => {
    const [example] = readExamples(
      '```sh\ncurl -s -X POST http://127.0.0.1:3000/v1/carts/$CART/coupons -H "authorization: Bearer $TOKEN" \\\n  -d \'{"code":"\'$CODE\'","note":"$NOT_A_VARIABLE"}\'\n# → 200 { "id": "$CART", … }\n```\n',
    )
    expect(example).toMatchObject({ line: 2, status: 200 })
    expect(matchSketch(example!.sketch, { id: 'cart_1', lines: [] })).toEqual({ mismatches: [], bindings: { CART: 'cart_1' } })
    expect(toRequest(example!.command, { CART: 'cart_1', TOKEN: 'oc_2', CODE: 'BIENVENUE10' }, 'http://127.0.0.1:4000')).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:4000/v1/carts/cart_1/coupons',
      headers: { authorization: 'Bearer oc_2', 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"code":"BIENVENUE10","note":"$NOT_A_VARIABLE"}',
    })
  })
})

describe('a sketch', () => {
  it('compares the values it shows, at their places, and reads a string with … as a shape', () => {
    const sketch =
      '{ "voucher": { "code": "FID-…", … }, "balances": { "available": 700, "pending": …, "lifetime": … }, "items": [{ "id": "$REWARD", "active": true }, …] }'
    const answer = {
      voucher: { code: 'FID-K7QZ2M4PX9RA', promotionId: 'pro_1' },
      balances: { available: 700, pending: 0, lifetime: 1200 },
      items: [
        { id: 'rwd_1', active: true },
        { id: 'rwd_2', active: false },
      ],
    }
    expect(matchSketch(sketch, answer)).toEqual({ mismatches: [], bindings: { REWARD: 'rwd_1' } })
    const wrong = { voucher: { code: 'K7QZ2M4PX9RA' }, balances: { available: 1200, pending: 0 }, items: [{ id: 'rwd_1', active: false, extra: 1 }] }
    expect(matchSketch(sketch, wrong).mismatches).toEqual([
      '/voucher/code: the sketch shows a string shaped "FID-…", the answer has "K7QZ2M4PX9RA"',
      '/balances/available: the sketch shows 700, the answer has 1200',
      '/balances/lifetime: the sketch shows a value, the answer has nothing',
      '/items/0: the sketch shows only id, active (write … for the other keys), the answer has {"id":"rwd_1","active":false,"extra":1}',
      '/items/0/active: the sketch shows true, the answer has false',
    ])
  })

  it('holds exactly the items of an array written without …, and reads prose as no value', () => {
    expect(matchSketch('{ "items": [], "total": null }', { items: [1], total: null }).mismatches).toEqual([
      '/items: the sketch shows 0 items, the answer has [1]',
    ])
    expect(matchSketch('{ "carts": […] }', { carts: [1, 2] }).mismatches).toEqual([])
    expect(sketchValue('(codes.csv: code, promotion)')).toBeUndefined()
    expect(() => sketchValue('{ "points": 1200 "tier": … }')).toThrow(/a sketch is JSON with …/)
  })
})

describe.each(engines)('the README examples against the demo shop on %s', (engine) => {
  let server: TestServer
  const variables: Record<string, string> = {}

  beforeAll(async () => {
    server = await startTestServer({ engine, listen: true, env: { LOG_LEVEL: 'silent' } })
    // What `npm start` does on a first start (test/journeys/start.test.ts runs that end to end).
    await ensureDemoShop(server.database, { seed: server.config.demoSeed, log: () => {}, policy: checkoutPolicyOf(server.config) })
  }, 240_000)
  afterAll(async () => server?.close())

  it.each(examples.map((example) => [`README.md:${example.line} ${example.command.slice(0, 90)}`, example] as const))('%s', async (_name, example: Example) => {
    const request = toRequest(example.command, variables, server.url.replace(/\/$/, ''))
    const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body })
    const answer = await answerOf(res)
    const context = `README.md line ${example.line}: ${request.method} ${request.url}\n${answer.text.slice(0, 2000)}`
    expect(res.status, context).toBe(example.status)
    const { mismatches, bindings } = matchSketch(example.sketch, answer.json)
    expect(mismatches, `${context}\nthe sketch: ${example.sketch}`).toEqual([])
    Object.assign(variables, bindings)
  })

  it('places a guest order with the typed client example of the README', async () => {
    const { declined, order } = await guestCheckout(server.url.replace(/\/$/, ''))
    expect(declined).toMatchObject({ status: 402, code: 'payment-declined', problem: { field: '/body/payments/0' } })
    expect(order).toMatchObject({ customerId: null, channel: { kind: 'web' }, contact: { email: 'camille@example.com' } })
    expect(order.payments.map((payment) => payment.status)).toEqual(['authorized'])
    expect(order.totals.total.amount).toBeGreaterThan(0)
  })
})
