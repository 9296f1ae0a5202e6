/**
 * The back office's coupons over real HTTP: codes typed or drawn, vouchers, reading, listing and changing them,
 * a contest's 500 codes with their CSV, and each code as a QR code. Codes on carts are in coupon-carts.test.ts.
 */
import QRCode from 'qrcode'
import { sql } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { countRows, insertPromotion, rawHttp } from './coupon.fixtures.js'
import * as codes from './coupon-codes.js'

vi.mock('./coupon-codes.js', async (original) => {
  const actual = await original<typeof import('./coupon-codes.js')>()
  return { ...actual, newCouponCode: vi.fn(actual.newCouponCode) }
})

const PROBLEM = 'https://omnicanal.dev/problems/'
const DRAWN = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{12}$/

describe.each(engines)('coupons in the back office, on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })
  const call = rawHttp(() => shop.server)
  const admin = () => shop.world.admin.headers

  describe('POST /v1/coupons', () => {
    it('stores a typed code upper-case without spaces, and refuses it twice in any case', async () => {
      const promotionId = await insertPromotion(shop.server)
      const created = await call('POST', '/v1/coupons', admin(), { promotionId, code: ' summer 24 ', perCustomerLimit: 1, expiresAt: '2099-09-01T00:00:00.000Z' })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      expect(created.body).toMatchObject({ code: 'SUMMER24', promotionId, maxUses: null, perCustomerLimit: 1, usedCount: 0, status: 'active', expiresAt: '2099-09-01T00:00:00.000Z', customerId: null, batchId: null })
      expect(created.body.id).toMatch(/^cpn_/)
      const again = await call('POST', '/v1/coupons', admin(), { promotionId, code: 'Summer24' })
      expect(again.status).toBe(409)
      expect(again.body).toMatchObject({ type: `${PROBLEM}coupon-code-taken`, field: '/body/code', code: 'SUMMER24' })
    })

    it('draws an unguessable code after a prefix, and issues a single-use voucher bound to a customer', async () => {
      const promotionId = await insertPromotion(shop.server)
      const drawn = await call('POST', '/v1/coupons', admin(), { promotionId, prefix: 'welcome', maxUses: 1 })
      expect(drawn.status).toBe(201)
      const [prefix, random] = String(drawn.body.code).split('-')
      expect(prefix).toBe('WELCOME')
      expect(random).toMatch(DRAWN)
      const bare = await call('POST', '/v1/coupons', admin(), { promotionId })
      expect(bare.body.code).toMatch(DRAWN)
      const voucher = await call('POST', '/v1/coupons', admin(), { promotionId, prefix: 'MERCI', maxUses: 1, customerId: shop.world.customer.id })
      expect(voucher.status).toBe(201)
      expect(voucher.body).toMatchObject({ customerId: shop.world.customer.id, maxUses: 1 })
    })

    it('names the field at fault: code, prefix, promotion, expiry, customer', async () => {
      const promotionId = await insertPromotion(shop.server)
      const archived = await insertPromotion(shop.server, { status: 'archived' })
      const cases: [Record<string, unknown>, number, string, string][] = [
        [{ promotionId, code: 'A!' }, 400, 'invalid-coupon-code', '/body/code'],
        [{ promotionId, code: '-AB' }, 400, 'invalid-coupon-code', '/body/code'],
        [{ promotionId, prefix: '-X' }, 400, 'invalid-coupon-code', '/body/prefix'],
        [{ promotionId: 'prm_nope' }, 404, 'not-found', '/body/promotionId'],
        [{ promotionId: archived }, 409, 'promotion-archived', '/body/promotionId'],
        [{ promotionId, expiresAt: '2001-01-01T00:00:00.000Z' }, 400, 'invalid-input', '/body/expiresAt'],
        [{ promotionId, customerId: 'cus_nope' }, 404, 'not-found', '/body/customerId'],
        [{ promotionId, maxUses: 0 }, 400, 'validation-failed', '/body/maxUses'],
      ]
      for (const [body, status, type, field] of cases) {
        const res = await call('POST', '/v1/coupons', admin(), body)
        expect(res.status, JSON.stringify(body)).toBe(status)
        expect(res.body).toMatchObject({ type: `${PROBLEM}${type}`, field })
      }
    })

    it('needs pricing:manage', async () => {
      const promotionId = await insertPromotion(shop.server)
      expect((await call('POST', '/v1/coupons', {}, { promotionId })).status).toBe(401)
      expect((await call('POST', '/v1/coupons', shop.world.customer.headers, { promotionId })).status).toBe(403)
      expect((await call('POST', '/v1/coupons', shop.world.associate.headers, { promotionId })).status).toBe(403)
      expect((await call('GET', '/v1/coupons', shop.world.agent.headers)).status).toBe(403)
    })
  })

  describe('GET, PATCH and lists', () => {
    it('reads a code in any case, disables, enables and moves its expiry', async () => {
      const promotionId = await insertPromotion(shop.server)
      await call('POST', '/v1/coupons', admin(), { promotionId, code: 'PATCHME' })
      expect((await call('GET', '/v1/coupons/patchme', admin())).body).toMatchObject({ code: 'PATCHME', status: 'active' })
      expect((await call('GET', '/v1/coupons/NOPE-NOPE', admin())).body).toMatchObject({ status: 404, field: '/params/code' })
      const disabled = await call('PATCH', '/v1/coupons/PATCHME', admin(), { status: 'disabled' })
      expect(disabled.body).toMatchObject({ status: 'disabled' })
      const moved = await call('PATCH', '/v1/coupons/PATCHME', admin(), { status: 'active', expiresAt: '2099-01-01T00:00:00.000Z' })
      expect(moved.body).toMatchObject({ status: 'active', expiresAt: '2099-01-01T00:00:00.000Z' })
      expect((await call('PATCH', '/v1/coupons/PATCHME', admin(), { expiresAt: '2000-01-01T00:00:00.000Z' })).body).toMatchObject({ status: 400, field: '/body/expiresAt' })
      expect((await call('PATCH', '/v1/coupons/PATCHME', admin(), {})).status).toBe(400)
      expect((await call('PATCH', '/v1/coupons/GONE-CODE', admin(), { status: 'disabled' })).status).toBe(404)
    })

    it('filters by promotion, customer and status as of now, newest first, page by page', async () => {
      const promotionId = await insertPromotion(shop.server)
      const made: string[] = []
      for (let i = 0; i < 5; i++) made.push((await call('POST', '/v1/coupons', admin(), { promotionId, maxUses: 1 })).body.code)
      await call('PATCH', `/v1/coupons/${made[0]}`, admin(), { status: 'disabled' })
      await shop.server.database.db.execute(sql`update coupons set used_count = 1 where code = ${made[1]!}`)
      const voucher = await call('POST', '/v1/coupons', admin(), { promotionId, customerId: shop.world.otherCustomer.id })
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page: { status: number; body: { items: { code: string }[]; nextCursor: string | null } } = await call('GET', `/v1/coupons?promotionId=${promotionId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, admin())
        expect(page.status).toBe(200)
        seen.push(...page.body.items.map((item) => item.code))
        cursor = page.body.nextCursor
      } while (cursor)
      expect(seen).toEqual([voucher.body.code, ...[...made].reverse()])
      const byStatus = async (status: string) => (await call('GET', `/v1/coupons?promotionId=${promotionId}&status=${status}`, admin())).body.items.map((i: { code: string }) => i.code)
      expect(await byStatus('disabled')).toEqual([made[0]])
      expect(await byStatus('used_up')).toEqual([made[1]])
      expect(await byStatus('active')).toHaveLength(4)
      expect((await call('GET', `/v1/coupons?customerId=${shop.world.otherCustomer.id}`, admin())).body.items.map((i: { code: string }) => i.code)).toEqual([voucher.body.code])
      expect((await call('GET', '/v1/coupons?cursor=garbage', admin())).body).toMatchObject({ status: 400, field: '/query/cursor' })
    })
  })

  describe('batches', () => {
    it('generates 500 unique codes in one go and exports them as CSV with their QR links', async () => {
      const promotionId = await insertPromotion(shop.server, { name: 'Concours "Insta", juin' })
      const res = await call('POST', '/v1/coupon-batches', admin(), { promotionId, name: 'Instagram contest', quantity: 500, prefix: 'insta', expiresAt: '2099-07-31T22:00:00.000Z' })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      expect(res.body).toMatchObject({ promotionId, name: 'Instagram contest', quantity: 500, prefix: 'INSTA', maxUsesPerCode: 1, perCustomerLimit: null })
      const batchId: string = res.body.id
      expect(await countRows(shop.server, sql`select count(distinct code)::int as n from coupons where batch_id = ${batchId}`)).toBe(500)
      expect((await call('GET', `/v1/coupon-batches/${batchId}`, admin())).body).toMatchObject({ id: batchId, quantity: 500 })
      // The paths batches had before /v1/coupon-batches still answer, for clients written against them.
      expect((await call('GET', `/v1/coupons/batches/${batchId}`, admin())).body).toMatchObject({ id: batchId, quantity: 500 })

      const csv = await call<string>('GET', `/v1/coupon-batches/${batchId}/codes.csv`, admin())
      expect(csv.status).toBe(200)
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="coupons-${batchId}.csv"`)
      const rows = parseCsv(csv.body)
      expect(rows[0]).toEqual(['code', 'promotion_id', 'promotion_name', 'max_uses', 'used', 'status', 'expires_at', 'qr_url'])
      const body = rows.slice(1)
      expect(body).toHaveLength(500)
      expect(new Set(body.map((row) => row[0])).size).toBe(500)
      for (const [code, promotion, name, maxUses, used, status, expires, qr] of body) {
        expect(code).toMatch(/^INSTA-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{12}$/)
        expect([promotion, name, maxUses, used, status, expires]).toEqual([promotionId, 'Concours "Insta", juin', '1', '0', 'active', '2099-07-31T22:00:00.000Z'])
        expect(qr).toBe(`${shop.server.config.publicUrl}/v1/coupons/${code}/qr`)
      }
      expect((await call('GET', '/v1/coupons/batches/cpb_nope/codes.csv', admin())).status).toBe(404)
      expect((await call('GET', `/v1/coupons/batches/${batchId}/codes.csv`, shop.world.associate.headers)).status).toBe(403)
    })

    it('tops the batch up with fresh draws when drawn codes are already taken', async () => {
      const promotionId = await insertPromotion(shop.server)
      await call('POST', '/v1/coupons', admin(), { promotionId, code: 'TAKEN-ONE' })
      const draw = vi.mocked(codes.newCouponCode)
      draw.mockReturnValueOnce('TAKEN-ONE').mockReturnValueOnce('TAKEN-ONE').mockReturnValueOnce('FRESH-TWO')
      const res = await call('POST', '/v1/coupons/batches', admin(), { promotionId, name: 'Collisions', quantity: 3 })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      const made = (await call('GET', `/v1/coupons?batchId=${res.body.id}`, admin())).body.items.map((i: { code: string }) => i.code)
      expect(made).toHaveLength(3)
      expect(made).toContain('FRESH-TWO')
      expect(made).not.toContain('TAKEN-ONE')
    })

    it('refuses a quantity out of range and an archived promotion', async () => {
      const archived = await insertPromotion(shop.server, { status: 'archived' })
      expect((await call('POST', '/v1/coupons/batches', admin(), { promotionId: archived, name: 'x', quantity: 0 })).body).toMatchObject({ status: 400, field: '/body/quantity' })
      expect((await call('POST', '/v1/coupons/batches', admin(), { promotionId: archived, name: 'x', quantity: 2 })).body).toMatchObject({ status: 409, type: `${PROBLEM}promotion-archived` })
    })
  })

  describe('GET /v1/coupons/{code}/qr', () => {
    it('answers the code itself as an SVG QR code, or a PNG', async () => {
      const promotionId = await insertPromotion(shop.server)
      await call('POST', '/v1/coupons', admin(), { promotionId, code: 'QR-ME-24' })
      const svg = await call<string>('GET', '/v1/coupons/qr-me-24/qr', admin())
      expect(svg.status).toBe(200)
      expect(svg.headers.get('content-type')).toBe('image/svg+xml')
      expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 (\d+) \1"/)
      expect(svg.body.trim().endsWith('</svg>')).toBe(true)
      // The same symbol the library draws for the code, so a scanner reads exactly QR-ME-24.
      expect(svg.body).toBe(await QRCode.toString('QR-ME-24', { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }))
      expect(QRCode.create('QR-ME-24', { errorCorrectionLevel: 'M' }).segments.map((s) => s.mode.id)).toEqual(['Alphanumeric'])

      const png = await call('GET', '/v1/coupons/QR-ME-24/qr?format=png', admin())
      expect(png.status).toBe(200)
      expect(png.headers.get('content-type')).toBe('image/png')
      expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
      expect(png.bytes.subarray(12, 16).toString('ascii')).toBe('IHDR')
      expect(png.bytes.readUInt32BE(16)).toBe(512)
      expect(png.bytes.equals(await QRCode.toBuffer('QR-ME-24', { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 }))).toBe(true)

      expect((await call('GET', '/v1/coupons/NOT-THERE/qr', admin())).status).toBe(404)
      expect((await call('GET', '/v1/coupons/QR-ME-24/qr?format=gif', admin())).status).toBe(400)
    })
  })
})

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i += 1
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i += 1
    } else cell += c
  }
  return rows
}
