/**
 * A coupon as a QR code: it encodes the code itself (upper-case letters, digits and dashes, so QR's compact
 * alphanumeric mode), which a till's scanner types into the coupon field like a keyboard.
 */
import QRCode from 'qrcode'
import { eq } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { notFound } from '../../platform/problems.js'
import { normalizeCouponCode } from './coupon-codes.js'
import { coupons } from './schema.js'

export type QrFormat = 'svg' | 'png'

/** The QR image of an existing coupon; 404 on /params/code when there is none. */
export async function renderCouponQr(tx: Tx, input: { code: string; format: QrFormat }): Promise<{ contentType: string; body: string | Buffer }> {
  const code = normalizeCouponCode(input.code)
  const [coupon] = await tx.select({ code: coupons.code }).from(coupons).where(eq(coupons.code, code))
  if (!coupon) throw notFound('Coupon', input.code, '/params/code')
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 }
  if (input.format === 'png') return { contentType: 'image/png', body: await QRCode.toBuffer(coupon.code, { ...options, type: 'png', width: 512 }) }
  return { contentType: 'image/svg+xml', body: await QRCode.toString(coupon.code, { ...options, type: 'svg' }) }
}
