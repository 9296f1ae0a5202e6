/** Money and dates for people, with Intl in the user's language: amounts stay integers in minor units until shown. */

export interface Money {
  amount: number
  currency: string
}

const moneyFormats = new Map<string, Intl.NumberFormat>()

/** "89,90 €" in French, "€89.90" in English; the currency's own number of decimals (JPY has none). */
export function formatMoney(money: Money, locale: string): string {
  const key = `${locale}|${money.currency}`
  let format = moneyFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency })
    moneyFormats.set(key, format)
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2
  return format.format(money.amount / 10 ** digits)
}

/** Minor units from what a cashier types ("50", "12,5", "12.50"); null when it is not an amount. */
export function parseMoneyInput(text: string, currency: string, locale: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')
  if (!/^\d{1,9}(\.\d{0,3})?$/.test(cleaned)) return null
  const digits = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  const [whole = '0', fraction = ''] = cleaned.split('.')
  if (fraction.length > digits) return null
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0')
}

/** "7 déc. 2026, 14:05" / "Dec 7, 2026, 2:05 PM". */
export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}

/** "7 déc. 2026" / "Dec 7, 2026". */
export function formatDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso))
}
