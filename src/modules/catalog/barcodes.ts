// EAN-13 (GS1) barcodes: the check digit weights the first twelve digits 1,3,1,3… from the left,
// and the check digit brings the weighted sum up to a multiple of ten.

const TWELVE_DIGITS = /^\d{12}$/
const THIRTEEN_DIGITS = /^\d{13}$/

/** Returns the GS1 check digit (0–9) of a 12-digit string; throws if the input is not exactly 12 digits. */
export function ean13CheckDigit(first12: string): number {
  if (!TWELVE_DIGITS.test(first12)) {
    throw new RangeError(`EAN-13 body must be 12 digits, got "${first12}"`)
  }
  let sum = 0
  for (let i = 0; i < 12; i++) {
    // charCodeAt avoids allocating a string per digit: this runs once per variant on 1M-variant catalogues.
    const digit = first12.charCodeAt(i) - 48
    sum += i % 2 === 0 ? digit : digit * 3
  }
  return (10 - (sum % 10)) % 10
}

/** True only for exactly 13 ASCII digits whose last digit is the correct check digit. */
export function isValidEan13(code: string): boolean {
  if (!THIRTEEN_DIGITS.test(code)) return false
  return ean13CheckDigit(code.slice(0, 12)) === code.charCodeAt(12) - 48
}

/** Appends the check digit to a 12-digit body, giving a valid EAN-13. */
export function makeEan13(prefix12: string): string {
  return prefix12 + String(ean13CheckDigit(prefix12))
}
