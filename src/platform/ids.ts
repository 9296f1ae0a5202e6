import { AsyncLocalStorage } from 'node:async_hooks'
import { monotonicFactory } from 'ulid'

const nextUlid = monotonicFactory()

/**
 * The id source of one async call chain started by withDeterministicIds (the demo seed run), if any. Scoped to that
 * chain, so requests served meanwhile keep drawing random, time-ordered ids.
 */
const scopedSource = new AsyncLocalStorage<() => string>()

/** A readable, time-ordered id such as `prod_01JD3…`: the prefix says what it is, the ULID sorts by creation. */
export function newId(prefix: string): string {
  const next = scopedSource.getStore() ?? nextUlid
  return `${prefix}_${next().toLowerCase()}`
}

/**
 * Runs `work` with every id it creates stamped `time` and drawn from `random`: the same calls in the same order give
 * the same ids (so a seeded demo shop has ids the documentation can show), still unique and in creation order.
 */
export function withDeterministicIds<T>(source: { random: () => number; time: number }, work: () => Promise<T>): Promise<T> {
  const next = monotonicFactory(source.random)
  return scopedSource.run(() => next(source.time), work)
}
