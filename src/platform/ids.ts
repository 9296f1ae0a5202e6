import { monotonicFactory } from 'ulid'

const nextUlid = monotonicFactory()

/** A readable, time-ordered id such as `prod_01JD3…`: the prefix says what it is, the ULID sorts by creation. */
export function newId(prefix: string): string {
  return `${prefix}_${nextUlid().toLowerCase()}`
}
