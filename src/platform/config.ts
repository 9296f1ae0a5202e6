/**
 * Configuration comes from environment variables only, read once at start and validated:
 * a bad value stops the start with a message naming the variable (see README "Configuration").
 */
import path from 'node:path'
import type { CountryCode } from 'libphonenumber-js'
import { isPhoneCountry } from './phone.js'

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export interface Config {
  host: string
  port: number
  /** Public base URL printed at start and used in links. */
  publicUrl: string
  /** PGlite data directory; ignored when databaseUrl is set. `memory://` keeps the database in memory. */
  dataDir: string
  databaseUrl: string | null
  databasePoolSize: number
  /** PostgreSQL: connecting (README "When the database goes away"). */
  databaseConnectTimeoutMs: number
  /** PostgreSQL: waiting for a free pooled connection while all are busy. */
  databasePoolTimeoutMs: number
  /** PostgreSQL: the server cancels a statement running longer (the request answers 503). */
  databaseStatementTimeoutMs: number
  /** PostgreSQL: an idle pooled connection is closed after this long. */
  databaseIdleTimeoutMs: number
  logLevel: LogLevel
  corsOrigins: string[]
  bodyLimitBytes: number
  idempotencyTtlHours: number
  /**
   * Key of the HMAC that fingerprints idempotent requests (bodies hold passwords and PINs); the same on every node.
   * Null: the key kept in the database (`signing_keys`), created on first use and shared by every node.
   */
  idempotencySecret: string | null
  staffTokenTtlHours: number
  customerTokenTtlHours: number
  deviceTokenTtlDays: number
  loginRateLimitPerMinute: number
  seedDemo: boolean
  demoSeed: number
  outboxPollMs: number
  outboxRetentionDays: number
  webhookMaxAttempts: number
  webhookTimeoutMs: number
  /** First retry delay of a failed webhook delivery; each later one doubles (with jitter), capped at an hour. */
  webhookRetryBaseMs: number
  /**
   * How long a claimed webhook delivery is leased: a delivery in flight on a node that dies is sent again once it runs
   * out. Longer than webhookTimeoutMs, so that a live node never loses its claim.
   */
  webhookLeaseSeconds: number
  /** Lets webhooks target loopback, private and link-local addresses: for development and tests only. */
  webhookAllowPrivateTargets: boolean
  shutdownTimeoutMs: number
  /** Where home deliveries are sourced first: `warehouse_first` or `nearest_first` (README "Order routing"). */
  routingRule: 'warehouse_first' | 'nearest_first'
  /** Which store a sale is credited to: `local_store` or `placement_only` (README "Attribution"). */
  attributionRule: 'local_store' | 'placement_only'
  /** Home delivery fee, tax included, minor units. */
  shippingFee: number
  /** The country phone numbers typed without a country code are read in (ISO 3166-1 alpha-2; README "Phones"). */
  defaultPhoneCountry: CountryCode
  /** How long an unpaid reserve-in-store order holds its stock. */
  reserveInStoreHoldHours: number
  /** How long a card payment awaiting 3-D Secure holds its stock. */
  paymentHoldMinutes: number
  /**
   * How long a gift card issued without an expiry is valid. At least a year (French consumer guidance; Belgian law asks
   * two); two years is what most French retailers print.
   */
  giftCardValidityMonths: number
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

function readString(env: Env, name: string, fallback: string): string {
  const value = env[name]
  return value === undefined || value === '' ? fallback : value
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`)
  const value = Number(raw)
  if (value < min || value > max) throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`)
  return value
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw new ConfigError(name, `expected true or false, got "${env[name]}"`)
}

function readEnum<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`)
  return raw as T
}

function readPhoneCountry(env: Env, name: string, fallback: CountryCode): CountryCode {
  const raw = env[name]?.trim().toUpperCase()
  if (raw === undefined || raw === '') return fallback
  if (!isPhoneCountry(raw)) throw new ConfigError(name, `expected an ISO 3166-1 alpha-2 country code with a phone numbering plan (FR, BE, DE…), got "${env[name]}"`)
  return raw
}

function readSecret(env: Env, name: string, minLength: number): string | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return null
  if (raw.length < minLength) throw new ConfigError(name, `expected at least ${minLength} characters (a random string, e.g. openssl rand -base64 32)`)
  return raw
}

function readUrl(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(name, 'is not a valid URL')
  }
  if (!protocols.includes(url.protocol)) throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL`)
  return raw
}

function readOrigins(env: Env, name: string): string[] {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return []
  return raw.split(',').map((origin) => {
    const trimmed = origin.trim()
    try {
      const url = new URL(trimmed)
      if (url.origin !== trimmed) throw new Error('not an origin')
    } catch {
      throw new ConfigError(name, `"${trimmed}" is not an origin like https://shop.example.com`)
    }
    return trimmed
  })
}

/** Reads and validates the whole configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const host = readString(env, 'HOST', '127.0.0.1')
  const port = readInt(env, 'PORT', 3000, 0, 65535)
  const dataDir = readString(env, 'DATA_DIR', './data')
  const webhookTimeoutMs = readInt(env, 'WEBHOOK_TIMEOUT_MS', 5000, 100, 120_000)
  const databaseStatementTimeoutMs = readInt(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 15_000, 100, 3_600_000)
  // The lease must outlast the longest POST plus the time to record its outcome (one statement, at most its time-out):
  // shorter, a slow database lets a second node claim and send a delivery the first is still recording.
  const leaseFloorSeconds = Math.ceil((webhookTimeoutMs + databaseStatementTimeoutMs) / 1000)
  const webhookLeaseSeconds = readInt(env, 'WEBHOOK_LEASE_SECONDS', leaseFloorSeconds + 15, 1, 86_400)
  if (webhookLeaseSeconds < leaseFloorSeconds) {
    throw new ConfigError('WEBHOOK_LEASE_SECONDS', `expected at least WEBHOOK_TIMEOUT_MS plus DATABASE_STATEMENT_TIMEOUT_MS (${leaseFloorSeconds}), got ${webhookLeaseSeconds}`)
  }
  const webhookAllowPrivateTargets = readBool(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS', false)
  // Private targets let a webhook reach the host's own network (SSRF): a development and test convenience only.
  if (webhookAllowPrivateTargets && env.NODE_ENV === 'production') {
    throw new ConfigError('WEBHOOK_ALLOW_PRIVATE_TARGETS', 'must not be true when NODE_ENV=production (development and tests only)')
  }
  // The demo shop's admin has a published password and the demo's ids are deterministic: never on a production start.
  const seedDemo = readBool(env, 'SEED_DEMO', env.NODE_ENV !== 'production')
  if (seedDemo && env.NODE_ENV === 'production') {
    throw new ConfigError('SEED_DEMO', 'must not be true when NODE_ENV=production (the demo admin has a published password)')
  }
  const databaseConnectTimeoutMs = readInt(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 120_000)
  const databasePoolTimeoutMs = readInt(env, 'DATABASE_POOL_TIMEOUT_MS', 10_000, 100, 600_000)
  // The pool's wait includes opening a connection when it has room: shorter than a connect, it would cut connects short.
  if (databasePoolTimeoutMs < databaseConnectTimeoutMs) {
    throw new ConfigError('DATABASE_POOL_TIMEOUT_MS', `expected at least DATABASE_CONNECT_TIMEOUT_MS (${databaseConnectTimeoutMs}), got ${databasePoolTimeoutMs}`)
  }
  return {
    host,
    port,
    publicUrl: readUrl(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    dataDir: dataDir.startsWith('memory://') ? dataDir : path.resolve(dataDir),
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: readInt(env, 'DATABASE_POOL_SIZE', 10, 1, 500),
    databaseConnectTimeoutMs,
    databasePoolTimeoutMs,
    databaseStatementTimeoutMs,
    databaseIdleTimeoutMs: readInt(env, 'DATABASE_IDLE_TIMEOUT_MS', 30_000, 1000, 3_600_000),
    logLevel: readEnum(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    corsOrigins: readOrigins(env, 'CORS_ORIGINS'),
    bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    idempotencyTtlHours: readInt(env, 'IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 30),
    idempotencySecret: readSecret(env, 'IDEMPOTENCY_SECRET', 32),
    staffTokenTtlHours: readInt(env, 'STAFF_TOKEN_TTL_HOURS', 12, 1, 24 * 30),
    customerTokenTtlHours: readInt(env, 'CUSTOMER_TOKEN_TTL_HOURS', 24 * 30, 1, 24 * 365),
    deviceTokenTtlDays: readInt(env, 'DEVICE_TOKEN_TTL_DAYS', 365, 1, 3650),
    loginRateLimitPerMinute: readInt(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 10, 1, 100_000),
    seedDemo,
    demoSeed: readInt(env, 'DEMO_SEED', 42, 0, 2 ** 31 - 1),
    outboxPollMs: readInt(env, 'OUTBOX_POLL_MS', 200, 10, 60_000),
    outboxRetentionDays: readInt(env, 'OUTBOX_RETENTION_DAYS', 7, 1, 3650),
    webhookMaxAttempts: readInt(env, 'WEBHOOK_MAX_ATTEMPTS', 10, 1, 50),
    webhookTimeoutMs,
    webhookRetryBaseMs: readInt(env, 'WEBHOOK_RETRY_BASE_MS', 10_000, 10, 3_600_000),
    webhookLeaseSeconds,
    webhookAllowPrivateTargets,
    shutdownTimeoutMs: readInt(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    routingRule: readEnum(env, 'ROUTING_RULE', 'warehouse_first', ['warehouse_first', 'nearest_first'] as const),
    attributionRule: readEnum(env, 'ATTRIBUTION_RULE', 'local_store', ['local_store', 'placement_only'] as const),
    shippingFee: readInt(env, 'SHIPPING_FEE', 490, 0, 1_000_000),
    defaultPhoneCountry: readPhoneCountry(env, 'DEFAULT_PHONE_COUNTRY', 'FR'),
    reserveInStoreHoldHours: readInt(env, 'RESERVE_IN_STORE_HOLD_HOURS', 48, 1, 24 * 30),
    paymentHoldMinutes: readInt(env, 'PAYMENT_HOLD_MINUTES', 15, 1, 24 * 60),
    giftCardValidityMonths: readInt(env, 'GIFT_CARD_VALIDITY_MONTHS', 24, 12, 120),
  }
}
