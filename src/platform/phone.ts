/**
 * One phone policy for the whole API: people type numbers as they write them (`06 12 34 56 78`, `+33 6 12…`,
 * `0033612…`); every phone that comes in is read with libphonenumber-js, national numbers in the shop's country
 * (DEFAULT_PHONE_COUNTRY, FR by default), and stored and compared as E.164. An invalid number is a 400 naming its field.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import { invalidInput, type DomainError } from './problems.js'

// A process-wide setting like the time zone: set once at start from the config (buildApp), so that the services
// that read phones (registration, profiles, lookups, checkout contacts) need no extra argument to agree on it.
let defaultCountry: CountryCode = 'FR'

/** True for an ISO 3166-1 alpha-2 code libphonenumber-js has numbering rules for. */
export function isPhoneCountry(code: string): code is CountryCode {
  return isSupportedCountry(code)
}

/** Sets the country national numbers are read in (config DEFAULT_PHONE_COUNTRY). */
export function setDefaultPhoneCountry(country: CountryCode): void {
  defaultCountry = country
}

/** The country national numbers are read in now. */
export function defaultPhoneCountry(): CountryCode {
  return defaultCountry
}

/** A phone as E.164, or null for something that is not a valid number (a search term, never refused). */
export function phoneOrNull(text: string): string | null {
  const parsed = parsePhoneNumberFromString(text, defaultCountry)
  return parsed?.isValid() ? parsed.number : null
}

/** 400 `invalid-phone` on `field`. */
export function invalidPhone(field: string): DomainError {
  return invalidInput(
    field,
    `Not a valid phone number (numbers without a country code are read as ${defaultCountry} numbers, e.g. 06 12 34 56 78).`,
    'invalid-phone',
  )
}

/** A phone as E.164 (`06 12 34 56 78` → `+33612345678` with FR); an invalid number is a 400 on `field`. */
export function normalisePhone(text: string, field: string): string {
  const e164 = phoneOrNull(text)
  if (e164 === null) throw invalidPhone(field)
  return e164
}
