/**
 * Every example of the README runs against the demo shop, as a reader runs them after `npm start`: one shell session,
 * in the README's order, on a server seeded once per engine with the demo shop.
 *
 * The rule for writing an example (also in README "Development"):
 * - It is a `curl` command in a fenced `sh` block, on one line or continued with `\`, calling http://127.0.0.1:3000.
 *   The line right after it is `# → <status> <answer>`: the status it answers (asserted), then a sketch of the answer
 *   with `…` for what is left out. Every key the sketch shows (`"key":`) must be in the answer.
 * - A value the reader takes from an answer is written `"key": "$NAME"` in that answer's sketch; later commands use it as
 *   `$NAME` (in double quotes or bare, as a shell does; the reader sets it with `NAME=…`). The value is the answer's
 *   first `key` in reading order. A command using a `$NAME` no earlier example binds fails.
 * - Demo data is named as the README names it (emails, phones, codes); ids come from answers, never typed in.
 * - Any `curl` line in a code block is an example: none is skipped. Only the options in ./examples.ts are understood
 *   (`-s`, `-X`, `-H`, `-d`, `-o`); another one fails until it is added there.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoShop } from '../../src/demo/seed.js'
import { checkoutPolicyOf } from '../../src/modules/orders/service.js'
import { engines, startTestServer, type TestServer } from '../harness.js'
import { bindingsOf, findKey, keysOf, readExamples, toRequest, type Example } from './examples.js'

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8')
const examples = readExamples(README)

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

  it('refuses a curl command without its answer, an unset variable and a curl option it does not know', () => {
    expect(() => readExamples('```sh\ncurl -s http://127.0.0.1:3000/v1/channels\n```\n')).toThrow(/line 2: a curl example needs/)
    expect(() => toRequest('curl -s http://127.0.0.1:3000/v1/customers/$LEA', {}, 'http://x')).toThrow(/\$LEA is not set/)
    expect(() => toRequest('curl -k http://127.0.0.1:3000/v1/channels', {}, 'http://x')).toThrow(/-k is not understood/)
  })

  it('reads a command as a shell does: quotes, continued lines, variables bare, in double quotes and between single-quoted parts', () => {
    const [example] = readExamples(
      '```sh\ncurl -s -X POST http://127.0.0.1:3000/v1/carts/$CART/coupons -H "authorization: Bearer $TOKEN" \\\n  -d \'{"code":"\'$CODE\'","note":"$NOT_A_VARIABLE"}\'\n# → 200 { "id": "$CART", … }\n```\n',
    )
    expect(example).toMatchObject({ line: 2, status: 200 })
    expect(bindingsOf(example!.sketch)).toEqual([{ key: 'id', variable: 'CART' }])
    expect(toRequest(example!.command, { CART: 'cart_1', TOKEN: 'oc_2', CODE: 'BIENVENUE10' }, 'http://127.0.0.1:4000')).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:4000/v1/carts/cart_1/coupons',
      headers: { authorization: 'Bearer oc_2', 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"code":"BIENVENUE10","note":"$NOT_A_VARIABLE"}',
    })
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
    for (const key of keysOf(example.sketch)) expect(findKey(answer.json, key), `${context}\nthe sketch shows "${key}"`).not.toBeUndefined()
    for (const { key, variable } of bindingsOf(example.sketch)) {
      const value = findKey(answer.json, key)
      expect(typeof value, `${context}\n"${key}" binds $${variable}`).toBe('string')
      variables[variable] = value as string
    }
  })
})
