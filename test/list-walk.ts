/**
 * Walks a list page by page under a sort, and computes what that sort should give from the items themselves, so that
 * a list's suite can check that keyset cursors neither skip nor repeat under every sort (including ties).
 */
import fc from 'fast-check'
import { expect } from 'vitest'

type Item = { id: string } & Record<string, unknown>
type Get = (url: string) => Promise<{ statusCode: number; body: string; json: <T>() => T }>

/** Every item of `url` (which already has its `?`), following nextCursor with `limit` per page. */
export async function walkList(get: Get, url: string, limit: number): Promise<Item[]> {
  const items: Item[] = []
  let cursor: string | null = null
  for (let pages = 0; pages < 200; pages += 1) {
    const res = await get(`${url}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    const page = res.json<{ items: Item[]; nextCursor: string | null }>()
    items.push(...page.items)
    cursor = page.nextCursor
    if (cursor === null) return items
  }
  throw new Error(`${url}: the cursor never ended`)
}

/** `items` in the order `sort` asks: each key compared as its value, ties broken by id in the last key's direction. */
export function sortedAs(items: Item[], sort: string, valueOf: (item: Item, key: string) => string | number, defaultDescending = true): string[] {
  const terms = sort === '' ? [] : sort.split(',').map((part) => ({ key: part.replace(/^-/, ''), descending: part.startsWith('-') }))
  const idDescending = terms.at(-1)?.descending ?? defaultDescending
  const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)
  return [...items]
    .sort((a, b) => {
      for (const { key, descending } of terms) {
        const order = compare(valueOf(a, key), valueOf(b, key))
        if (order !== 0) return descending ? -order : order
      }
      return idDescending ? -compare(a.id, b.id) : compare(a.id, b.id)
    })
    .map((item) => item.id)
}

/** Sort specs over `keys`: one to all of them, each once, in any order and direction. */
export function sortSpecs(keys: readonly string[]) {
  return fc
    .uniqueArray(fc.constantFrom(...keys), { minLength: 1, maxLength: keys.length })
    .chain((chosen) => fc.tuple(fc.constant(chosen), fc.array(fc.boolean(), { minLength: chosen.length, maxLength: chosen.length })))
    .map(([chosen, descending]) => chosen.map((key, i) => (descending[i] ? '-' : '') + key).join(','))
}

/**
 * Property: for any sort over `keys` and any page size, walking `url` returns every item once, in the sort's order,
 * and ties exist in the data for each key (else the tiebreaker would go untested).
 */
export async function expectEverySortWalks(
  get: Get,
  url: string,
  keys: readonly string[],
  valueOf: (item: Item, key: string) => string | number,
  options: { uniqueKeys?: readonly string[]; runs?: number; limit?: number } = {},
): Promise<void> {
  const all = await walkList(get, url, options.limit ?? 100)
  expect(all.length).toBeGreaterThanOrEqual(5)
  for (const key of keys.filter((k) => !options.uniqueKeys?.includes(k))) expect(new Set(all.map((item) => valueOf(item, key))).size, `ties on ${key}`).toBeLessThan(all.length)
  expect(await walkList(get, url, 2)).toEqual(all)
  await fc.assert(
    fc.asyncProperty(sortSpecs(keys), fc.integer({ min: 1, max: 4 }), async (sort, limit) => {
      const walked = await walkList(get, `${url}&sort=${sort}`, limit)
      expect(walked.map((item) => item.id)).toEqual(sortedAs(all, sort, valueOf))
    }),
    { numRuns: options.runs ?? 12 },
  )
  for (const key of keys) {
    const up = await walkList(get, `${url}&sort=${key}`, 2)
    const down = await walkList(get, `${url}&sort=-${key}`, 2)
    expect(down.map((item) => item.id)).toEqual(up.map((item) => item.id).reverse())
  }
}
