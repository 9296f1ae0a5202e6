/**
 * The document as an integrator checks it before generating a client: Redocly CLI (recommended rules, redocly.yaml) and
 * Spectral (OpenAPI and OWASP rulesets, .spectral.yaml) lint the live /openapi.json at zero errors, and what it says
 * about every operation holds: security declared, defaults optional, Idempotency-Key on every write, rate limits
 * documented where the server sends them.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RouteOptions } from 'fastify'
import { checkRouteDocumented } from '../../src/platform/openapi-operations.js'
import { startTestServer, type TestServer } from '../harness.js'
import { inlineComponentRefs, operationsOf as walkOperations } from '../../src/platform/openapi-walk.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name)

type Schema = { [keyword: string]: unknown }
interface Parameter {
  name: string
  in: string
  required?: boolean
  schema?: Schema
}
interface Operation {
  operationId?: string
  security?: Record<string, string[]>[]
  parameters?: Parameter[]
  responses?: Record<string, { headers?: Record<string, unknown>; content?: unknown }>
  'x-rate-limited'?: boolean
}
interface Document {
  paths: Record<string, Record<string, Operation>>
}
interface Finding {
  rule: string
  where: string
  message: string
}

const operationsOf = (doc: Document) => walkOperations<Operation>(doc)

/** Runs a linter's CLI; both exit non-zero when they find errors, so the exit code says nothing the report does not. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // Redocly reports usage to its vendor unless told not to; a test sends nothing anywhere.
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }
    execFile(command, args, { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (stdout.trim().startsWith('{') || stdout.trim().startsWith('[')) resolve(stdout)
      else reject(new Error(`${command} ${args.join(' ')} gave no report: ${error?.message ?? ''}\n${stderr}`))
    })
  })
}

async function redoclyErrors(file: string): Promise<Finding[]> {
  const report = JSON.parse(
    await run(bin('redocly'), ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', '--max-problems', '10000']),
  ) as {
    problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[]
  }
  return report.problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ rule: `redocly ${p.ruleId}`, where: p.location[0]?.pointer ?? '', message: p.message }))
}

async function spectralErrors(file: string): Promise<Finding[]> {
  const report = JSON.parse(await run(bin('spectral'), ['lint', file, '--ruleset', join(ROOT, '.spectral.yaml'), '--format', 'json', '--quiet'])) as {
    code: string
    severity: number
    message: string
    path: string[]
  }[]
  // Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
  return report.filter((p) => p.severity === 0).map((p) => ({ rule: `spectral ${p.code}`, where: p.path.join(' › '), message: p.message }))
}

/** Errors grouped by rule, with a few places each: enough to act on without a 1 MB dump. */
function summarise(findings: Finding[]): string {
  const byRule = new Map<string, Finding[]>()
  for (const finding of findings) byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding])
  return [...byRule.entries()]
    .map(([rule, list]) =>
      [
        `${rule}: ${list.length}`,
        ...list.slice(0, 8).map((f) => `  ${f.where}: ${f.message}`),
        ...(list.length > 8 ? [`  … ${list.length - 8} more`] : []),
      ].join('\n'),
    )
    .join('\n')
}

describe('OpenAPI document, as integrators lint it', () => {
  let server: TestServer
  let doc: Document
  let dir: string
  let file: string
  beforeAll(async () => {
    // Served as a deployment serves it, behind TLS: a local http:// server URL is a developer's machine, not the API.
    server = await startTestServer({ env: { PUBLIC_URL: 'https://api.omnicanal.example' } })
    const res = await server.app.inject({ method: 'GET', url: '/openapi.json' })
    expect(res.statusCode).toBe(200)
    // The per-operation checks read each operation whole, its shared parameters, headers and answers inlined.
    doc = inlineComponentRefs(res.json<Document>())
    dir = await mkdtemp(join(tmpdir(), 'omnicanal-openapi-'))
    file = join(dir, 'openapi.json')
    await writeFile(file, res.body)
  })
  afterAll(async () => {
    await server?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('passes Redocly (recommended) and Spectral (OpenAPI, OWASP) with zero errors', async () => {
    const [redocly, spectral] = await Promise.all([redoclyErrors(file), spectralErrors(file)])
    const errors = [...redocly, ...spectral]
    if (errors.length > 0) console.log(`OpenAPI lint errors:\n${summarise(errors)}`)
    expect(errors.length, `OpenAPI lint errors:\n${summarise(errors)}`).toBe(0)
  }, 120_000)

  it('has Spectral rules of its own that catch what they are written for', async () => {
    // One rate-limited operation that documents no rate-limit header nor 429.
    const problem = { description: 'problem', content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } }
    const bad = {
      openapi: '3.1.0',
      info: { title: 'probe', version: '1', description: 'probe', license: { name: 'MIT', identifier: 'MIT' } },
      servers: [{ url: 'https://probe.example', 'x-internal': false }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      paths: {
        '/probe': {
          post: {
            operationId: 'probe',
            'x-rate-limited': true,
            security: [{ bearer: [] }],
            responses: { 200: { description: 'ok' }, 400: problem, 401: problem, 500: problem },
          },
        },
      },
    }
    const probe = join(dir, 'probe.json')
    await writeFile(probe, JSON.stringify(bad))
    const rules = new Set((await spectralErrors(probe)).map((finding) => finding.rule))
    for (const rule of ['omnicanal-rate-limit-headers', 'omnicanal-rate-limit-429']) expect(rules, rule).toContain(`spectral ${rule}`)
  }, 60_000)

  it('declares security on every operation, the bearer where the server requires it', () => {
    const undeclared = operationsOf(doc)
      .filter(({ operation }) => !Array.isArray(operation.security))
      .map(({ name }) => name)
    expect(undeclared).toEqual([])
    const security = (name: string) => operationsOf(doc).find((op) => op.name === name)?.operation.security
    expect(security('POST /v1/auth/staff/login')).toEqual([])
    expect(security('GET /v1/products')).toEqual([{}, { bearer: [] }])
    expect(security('POST /v1/carts/{id}/checkout')).toEqual([{ bearer: [] }])
  })

  it('refuses to register a route without an operationId, or whose security is missing or disagrees with what the server enforces', () => {
    const route = (schema: object | undefined, config: object) =>
      ({ method: 'GET', url: '/v1/probe', handler: () => null, schema, config }) as unknown as RouteOptions
    expect(() => checkRouteDocumented(route({ operationId: 'probe' }, {}))).toThrow(/declares no OpenAPI security/)
    expect(() => checkRouteDocumented(route({ security: [] }, {}))).toThrow(/declares no operationId/)
    expect(() => checkRouteDocumented(route({ operationId: '', security: [] }, {}))).toThrow(/declares no operationId/)
    expect(() => checkRouteDocumented(route({ operationId: 'probe', security: [] }, { can: 'orders:read' }))).toThrow(/needs a bearer/)
    expect(() => checkRouteDocumented(route({ operationId: 'probe', security: [{}, { bearer: [] }] }, { authenticated: true }))).toThrow(/needs a bearer/)
    expect(() => checkRouteDocumented(route({ operationId: 'probe', security: [{ bearer: [] }] }, { can: 'orders:read' }))).not.toThrow()
    expect(() => checkRouteDocumented(route({ operationId: 'probe', security: [] }, {}))).not.toThrow()
    expect(() => checkRouteDocumented(route({ hide: true }, { can: 'orders:read' }))).not.toThrow()
  })

  it('declares the ETag the server sends on every answer that carries a version, and what a 412 means', () => {
    type Media = { schema?: { properties?: Record<string, unknown> } }
    const versioned = operationsOf(doc).flatMap(({ name, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([status, response]) => /^2/.test(status) && (response.content as Record<string, Media> | undefined)?.['application/json']?.schema?.properties?.version)
        .map(([status, response]) => ({ where: `${name} ${status}`, response })),
    )
    expect(versioned.length).toBeGreaterThan(10)
    expect(versioned.filter(({ response }) => !response.headers?.ETag).map(({ where }) => where)).toEqual([])
    expect(versioned[0]?.response.headers?.ETag).toMatchObject({ schema: { type: 'string', pattern: '^"[0-9]+"$' } })
    const stale = Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => (op.responses?.['412'] ? [op.responses['412']] : [])))
    expect(stale.length).toBeGreaterThan(0)
    for (const answer of stale) expect((answer as { description?: string }).description).toMatch(/If-Match/)
  })

  it('marks no parameter with a default as required, so a generated client does not force it', () => {
    const forced = operationsOf(doc).flatMap(({ name, operation }) =>
      (operation.parameters ?? []).filter((p) => p.required && p.schema && 'default' in p.schema).map((p) => `${name} ${p.name}`),
    )
    expect(forced).toEqual([])
    const limit = doc.paths['/v1/products']?.get?.parameters?.find((p) => p.name === 'limit')
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { default: 50 } })
  })

  it('declares the optional Idempotency-Key on every write, and Idempotent-Replayed on its answers', () => {
    const writes = operationsOf(doc).filter(({ method }) => method !== 'get')
    expect(writes.length).toBeGreaterThan(80)
    const missing = writes
      .filter(
        ({ operation }) =>
          !operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key' && p.required === false && p.schema?.maxLength === 255),
      )
      .map(({ name }) => name)
    expect(missing).toEqual([])
    const unmarked = writes
      .filter(({ operation }) =>
        Object.entries(operation.responses ?? {}).some(([status, response]) => /^2/.test(status) && !response.headers?.['Idempotent-Replayed']),
      )
      .map(({ name }) => name)
    expect(unmarked).toEqual([])
    const reads = operationsOf(doc).filter(({ method, operation }) => method === 'get' && operation.parameters?.some((p) => p.name === 'Idempotency-Key'))
    expect(reads.map(({ name }) => name)).toEqual([])
  })

  it('documents the rate-limit headers and the 429 the server sends on a rate-limited operation', async () => {
    const login = doc.paths['/v1/auth/staff/login']?.post
    expect(login?.['x-rate-limited']).toBe(true)
    expect(Object.keys(login?.responses?.['429']?.headers ?? {})).toEqual(
      expect.arrayContaining(['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']),
    )
    expect(Object.keys(login?.responses?.['200']?.headers ?? {})).toEqual(
      expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']),
    )
    const res = await server.app.inject({ method: 'POST', url: '/v1/auth/staff/login', payload: { email: 'nobody@example.com', password: 'not the password' } })
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    for (const header of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) expect(res.headers[header], header).toBeDefined()
    // A route without a limit neither sends nor documents one.
    expect(doc.paths['/v1/products']?.get?.['x-rate-limited']).toBeUndefined()
    expect((await server.app.inject({ method: 'GET', url: '/v1/products' })).headers['x-ratelimit-limit']).toBeUndefined()
  })

  it('keeps paths unambiguous: coupon batches moved, their old paths still answer but stay out of the document', async () => {
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/v1/coupons/batches'))).toEqual([])
    expect(doc.paths['/v1/coupon-batches/{id}']?.get?.operationId).toBe('getCouponBatch')
    const old = await server.app.inject({ method: 'GET', url: '/v1/coupons/batches/cpb_nope' })
    expect(old.statusCode).toBe(401)
  })
})
