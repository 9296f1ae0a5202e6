// Seeded randomness for the demo data. Every record draws from its own small PRNG seeded from
// (seed, stream, index), so record n is the same whether it is generated alone, streamed from
// startIndex, or in a full run; and adding a product never reshuffles the customers.
// mulberry32 is used rather than faker's Mersenne Twister because seeding MT costs a 624-word
// initialisation, which dominates at one seed per record and a million records.

/** Returns a float in [0, 1). */
export type Rng = () => number

/** murmur3's finaliser: spreads every input bit over the whole 32-bit output. */
function fmix32(value: number): number {
  let h = value >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function hashString(text: string): number {
  let h = 0x811c9dc5 // FNV-1a
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  }
  return h >>> 0
}

/** A 32-bit seed that depends on every bit of seed and index (up to 2^53) and on the stream name. */
export function seedFor(seed: number, stream: string, index = 0): number {
  const high = Math.floor(seed / 0x1_0000_0000)
  let h = fmix32(hashString(stream) ^ fmix32(seed >>> 0))
  h = fmix32(h ^ fmix32(high + 0x9e3779b9))
  h = fmix32(h ^ (index >>> 0))
  return fmix32(h ^ fmix32(Math.floor(index / 0x1_0000_0000) + 0x7f4a7c15))
}

/** mulberry32: the same seed always yields the same sequence. */
export function makeRng(seed32: number): Rng {
  let state = seed32 >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000
  }
}

/** A PRNG for record `index` of `stream`; independent of every other record. */
export function rngFor(seed: number, stream: string, index = 0): Rng {
  return makeRng(seedFor(seed, stream, index))
}

/** An integer in [min, max], both inclusive. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)]
  if (item === undefined) throw new Error('pick() needs a non-empty list')
  return item
}

/** Picks an entry with probability proportional to its weight. */
export function pickWeighted<T extends { weight: number }>(rng: Rng, entries: readonly T[]): T {
  let total = 0
  for (const entry of entries) total += entry.weight
  let roll = rng() * total
  for (const entry of entries) {
    roll -= entry.weight
    if (roll < 0) return entry
  }
  const last = entries[entries.length - 1]
  if (last === undefined) throw new Error('pickWeighted() needs a non-empty list')
  return last // only reached through floating-point rounding
}

/** A shuffled copy (Fisher–Yates); the input is left untouched. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const copy = items.slice()
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const a = copy[i] as T
    copy[i] = copy[j] as T
    copy[j] = a
  }
  return copy
}

/** `count` distinct items in random order (all of them if the list is shorter). */
export function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  return shuffled(rng, items).slice(0, count)
}

/** Throws a RangeError unless `value` is a safe integer of at least `min` (options come from CLI flags). */
export function assertInteger(name: string, value: number, min = Number.MIN_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer${min === 0 ? ' ≥ 0' : ''}, got ${value}`)
  }
}
