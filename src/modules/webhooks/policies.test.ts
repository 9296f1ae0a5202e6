import { describe, expect, it } from 'vitest'
import { isDelivered, retryDelayMs, webhookUrlProblem } from './policies.js'
import { signWebhookPayload, verifyWebhookSignature } from './signature.js'

describe('retryDelayMs', () => {
  it('doubles from the base, with jitter between half and all of it, capped at an hour', () => {
    expect(retryDelayMs(1, 10_000, () => 0)).toBe(5_000)
    expect(retryDelayMs(1, 10_000, () => 1)).toBe(10_000)
    expect(retryDelayMs(3, 10_000, () => 1)).toBe(40_000)
    expect(retryDelayMs(30, 10_000, () => 1)).toBe(3_600_000)
    expect(retryDelayMs(30, 10_000, () => 0)).toBe(1_800_000)
  })
})

describe('webhookUrlProblem', () => {
  it('accepts absolute http and https URLs only', () => {
    expect(webhookUrlProblem('https://erp.example.com/hooks?x=1')).toBeNull()
    expect(webhookUrlProblem('http://127.0.0.1:8080/hooks')).toBeNull()
    expect(webhookUrlProblem('ftp://example.com/hooks')).toMatch(/http or https/)
    expect(webhookUrlProblem('/relative')).toMatch(/absolute/)
  })
})

describe('isDelivered', () => {
  it('counts only 2xx answers as delivered', () => {
    expect([200, 202, 204, 299].every(isDelivered)).toBe(true)
    expect([199, 301, 304, 400, 500].some(isDelivered)).toBe(false)
  })
})

describe('verifyWebhookSignature', () => {
  const body = '{"id":"evt_1","type":"orders.order_placed","occurredAt":"2026-01-01T00:00:00.000Z","data":{}}'
  const now = 1_800_000_000_000
  const t = now / 1000

  it('accepts a fresh signature of the exact body, made with any of the listed secrets', () => {
    const header = signWebhookPayload(['whsec_new', 'whsec_old'], t, body)
    expect(verifyWebhookSignature('whsec_new', header, body, 300, now)).toBe(true)
    expect(verifyWebhookSignature('whsec_old', header, Buffer.from(body), 300, now)).toBe(true)
    expect(verifyWebhookSignature('whsec_other', header, body, 300, now)).toBe(false)
  })

  it('refuses a changed body, a stale or future timestamp, and malformed headers', () => {
    const header = signWebhookPayload(['whsec_a'], t, body)
    expect(verifyWebhookSignature('whsec_a', header, body.replace('{}', '{"x":1}'), 300, now)).toBe(false)
    expect(verifyWebhookSignature('whsec_a', header, body, 300, now + 301_000)).toBe(false)
    expect(verifyWebhookSignature('whsec_a', header, body, 300, now - 301_000)).toBe(false)
    expect(verifyWebhookSignature('whsec_a', header.replace(`t=${t}`, `t=${t + 1}`), body, 300, now)).toBe(false)
    for (const bad of [undefined, '', 'v1=abc', `t=${t}`, `t=x,v1=${'0'.repeat(64)}`])
      expect(verifyWebhookSignature('whsec_a', bad, body, 300, now)).toBe(false)
  })
})
