/**
 * Passwords at rest and their strength. New hashes are argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane);
 * older scrypt hashes still verify, and `needsRehash` tells a login to replace them. The strength check is zxcvbn's
 * estimate (common-password, English and French dictionaries, plus the account's own email and name), loaded once on
 * first use so that starting the server does not pay for the dictionaries.
 */
import { scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2'
import { DomainError } from './problems.js'

/** OWASP Password Storage Cheat Sheet, argon2id minimum. @node-rs/argon2 hashes with argon2id by default. */
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

/** The least zxcvbn score (0 to 4) a new password needs: 3 is "safely unguessable" against an offline slow hash. */
export const MIN_PASSWORD_SCORE = 3

function normalize(password: string): string {
  return password.normalize('NFKC')
}

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(normalize(password), salt, keyLength, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/** Returns an argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) carrying its own parameters. */
export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(normalize(password), ARGON2)
}

/** Constant-time check of a password against a stored argon2id or legacy scrypt hash; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) {
    try {
      return await argon2Verify(stored, normalize(password))
    } catch {
      return false
    }
  }
  // Legacy format written before argon2id: scrypt$N$r$p$salt$hash (base64url parts).
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  if (expected.length === 0) return false
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) })
  return timingSafeEqual(actual, expected)
}

const ARGON2ID_PARAMETERS = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/

/**
 * True when a stored hash is weaker than the current argon2id parameters (less memory or fewer passes, an older
 * version) or of another algorithm: replace it after the next successful login. A stronger argon2id hash (set by an
 * operator raising the parameters, or by a newer release) is kept, never downgraded.
 */
export function needsRehash(stored: string): boolean {
  const parameters = ARGON2ID_PARAMETERS.exec(stored)
  if (!parameters) return true
  const [version, memory, passes] = parameters.slice(1, 4).map(Number) as [number, number, number]
  return version < 19 || memory < ARGON2.memoryCost || passes < ARGON2.timeCost
}

/**
 * An argon2id hash of a random password nobody knows, at the current parameters: a login against an unknown account
 * verifies against it and so spends the same time as against a known one.
 */
export const DUMMY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$o+EqchoN2kYL+VdoIiaiPw$Nrv9deeHcPJCbutqMRR7Y28LgsokdxlLFdnQezJCIe8'

interface Estimator {
  check(password: string, userInputs: string[]): { score: number; feedback: { warning: string | null; suggestions: string[] } }
}

let estimator: Promise<Estimator> | undefined

/** zxcvbn with its dictionaries, imported and built on the first check only (they weigh a few megabytes). */
function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en, fr] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-fr'),
    ])
    const factory = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    })
    return { check: (password, userInputs) => factory.check(password, userInputs) }
  })()
  return estimator
}

/** The words of an account's own details (email parts, names) that a password must not lean on. */
function userWords(inputs: readonly (string | null | undefined)[]): string[] {
  const words = new Set<string>()
  for (const input of inputs) {
    if (!input) continue
    const lower = input.toLowerCase()
    words.add(lower)
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part)
  }
  return [...words]
}

/**
 * Refuses a password zxcvbn scores under MIN_PASSWORD_SCORE, given the account's own details (email, names) as words an
 * attacker would try first; the 400 `weak-password` problem says why and how to do better.
 */
export async function assertStrongPassword(password: string, accountDetails: readonly (string | null | undefined)[], field = '/body/password'): Promise<void> {
  const { check } = await loadEstimator()
  const result = check(password, userWords(accountDetails))
  if (result.score >= MIN_PASSWORD_SCORE) return
  const why = result.feedback.warning ?? 'It would be guessed quickly.'
  const suggestions = result.feedback.suggestions.length > 0 ? result.feedback.suggestions : ['Use a few uncommon words together, or a password manager.']
  throw new DomainError({
    code: 'weak-password',
    status: 400,
    title: 'Password too weak',
    detail: `This password is too easy to guess (strength ${result.score} of 4, ${MIN_PASSWORD_SCORE} needed). ${why} ${suggestions.join(' ')}`,
    field,
    data: { score: result.score, minimumScore: MIN_PASSWORD_SCORE, warning: result.feedback.warning, suggestions },
  })
}
