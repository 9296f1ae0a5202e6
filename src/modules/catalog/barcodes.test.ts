import { describe, expect, it } from 'vitest'
import { ean13CheckDigit, isValidEan13, makeEan13 } from './barcodes.js'

describe('EAN-13 barcodes', () => {
  it('accepts real product barcodes', () => {
    // Faber-Castell pencil (German prefix) and Nutella 400 g (French prefix).
    expect(isValidEan13('4006381333931')).toBe(true)
    expect(isValidEan13('3017620422003')).toBe(true)
    expect(isValidEan13('5901234123457')).toBe(true)
  })

  it('computes the check digit of real barcodes', () => {
    expect(ean13CheckDigit('400638133393')).toBe(1)
    expect(ean13CheckDigit('301762042200')).toBe(3)
    expect(ean13CheckDigit('000000000000')).toBe(0)
  })

  it('refuses a wrong check digit', () => {
    expect(isValidEan13('4006381333932')).toBe(false)
    expect(isValidEan13('3017620422000')).toBe(false)
  })

  it('refuses non-digits', () => {
    expect(isValidEan13('40063813339a1')).toBe(false)
    expect(isValidEan13('4006381 33931')).toBe(false)
    expect(isValidEan13('４００６３８１３３３９３１')).toBe(false)
  })

  it('refuses the wrong length', () => {
    expect(isValidEan13('')).toBe(false)
    expect(isValidEan13('400638133393')).toBe(false)
    expect(isValidEan13('40063813339310')).toBe(false)
  })

  it('makes barcodes that validate', () => {
    expect(makeEan13('376012345678')).toMatch(/^\d{13}$/)
    expect(isValidEan13(makeEan13('376012345678'))).toBe(true)
    expect(makeEan13('301762042200')).toBe('3017620422003')
  })

  it('refuses to make a barcode from a malformed body', () => {
    expect(() => makeEan13('37601234567')).toThrow(RangeError)
    expect(() => ean13CheckDigit('37601234567x')).toThrow(RangeError)
  })
})
