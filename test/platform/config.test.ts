import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/platform/config.js'

describe('loadConfig', () => {
  it('gives working defaults on an empty environment', () => {
    const config = loadConfig({})
    expect(config.host).toBe('127.0.0.1')
    expect(config.port).toBe(3000)
    expect(config.databaseUrl).toBeNull()
    expect(config.dataDir).toMatch(/data$/)
    expect(config.corsOrigins).toEqual([])
    expect(config.publicUrl).toBe('http://127.0.0.1:3000')
    expect(config.giftCardValidityMonths).toBe(24)
  })

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['SEED_DEMO', 'maybe'],
    ['CORS_ORIGINS', 'https://shop.example.com/path'],
    ['BODY_LIMIT_BYTES', '-5'],
    ['IDEMPOTENCY_SECRET', 'too-short'],
    ['GIFT_CARD_VALIDITY_MONTHS', '6'],
    ['GIFT_CARD_VALIDITY_MONTHS', '121'],
  ])('stops on a bad %s (%s) and names the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError)
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}:`))
  })

  it('keys idempotent requests with IDEMPOTENCY_SECRET when set, else with the database’s own key', () => {
    expect(loadConfig({}).idempotencySecret).toBeNull()
    expect(loadConfig({ IDEMPOTENCY_SECRET: 'x'.repeat(32) }).idempotencySecret).toBe('x'.repeat(32))
  })

  it('reads an allow-list of CORS origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173' }).corsOrigins).toEqual(['https://shop.example.com', 'http://localhost:5173'])
  })

  it('leases a webhook claim for the timeout plus the statement time-out plus 15 s unless told, never shorter than both, and refuses private targets by default', () => {
    expect(loadConfig({}).webhookLeaseSeconds).toBe(35)
    expect(loadConfig({ WEBHOOK_TIMEOUT_MS: '20000' }).webhookLeaseSeconds).toBe(50)
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '60000' }).webhookLeaseSeconds).toBe(80)
    expect(loadConfig({ WEBHOOK_LEASE_SECONDS: '20' }).webhookLeaseSeconds).toBe(20)
    // Recording the outcome may take a whole statement time-out after the POST's: 5 s + 15 s.
    expect(() => loadConfig({ WEBHOOK_LEASE_SECONDS: '19' })).toThrow(/^WEBHOOK_LEASE_SECONDS: expected at least WEBHOOK_TIMEOUT_MS plus DATABASE_STATEMENT_TIMEOUT_MS \(20\)/)
    expect(() => loadConfig({ WEBHOOK_LEASE_SECONDS: '8' })).toThrow(/^WEBHOOK_LEASE_SECONDS:/)
    expect(loadConfig({ WEBHOOK_LEASE_SECONDS: '8', DATABASE_STATEMENT_TIMEOUT_MS: '3000' }).webhookLeaseSeconds).toBe(8)
    expect(loadConfig({}).webhookAllowPrivateTargets).toBe(false)
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).webhookAllowPrivateTargets).toBe(true)
  })

  it('refuses WEBHOOK_ALLOW_PRIVATE_TARGETS in production, naming the variable', () => {
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', NODE_ENV: 'test' }).webhookAllowPrivateTargets).toBe(true)
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', NODE_ENV: 'production' }).webhookAllowPrivateTargets).toBe(false)
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', NODE_ENV: 'production' })).toThrow(/^WEBHOOK_ALLOW_PRIVATE_TARGETS: must not be true when NODE_ENV=production/)
  })

  it('seeds the demo by default only outside production, and refuses SEED_DEMO=true in production', () => {
    expect(loadConfig({}).seedDemo).toBe(true)
    expect(loadConfig({ NODE_ENV: 'test' }).seedDemo).toBe(true)
    expect(loadConfig({ NODE_ENV: 'production' }).seedDemo).toBe(false)
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'false' }).seedDemo).toBe(false)
    expect(() => loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toThrow(/^SEED_DEMO: must not be true when NODE_ENV=production/)
  })

  it('refuses a pool wait shorter than the connect time-out, naming the variable', () => {
    expect(loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '3000', DATABASE_POOL_TIMEOUT_MS: '3000' }).databasePoolTimeoutMs).toBe(3000)
    expect(() => loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '3000', DATABASE_POOL_TIMEOUT_MS: '2999' })).toThrow(/^DATABASE_POOL_TIMEOUT_MS: expected at least DATABASE_CONNECT_TIMEOUT_MS/)
    expect(() => loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '20000' })).toThrow(/^DATABASE_POOL_TIMEOUT_MS:/)
  })
})
