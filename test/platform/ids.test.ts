/** Ids: random and time-ordered everywhere, reproducible only inside a withDeterministicIds run (the demo seed). */
import { describe, expect, it } from 'vitest'
import { makeRng } from '../../src/demo/generator/random.js'
import { newId, withDeterministicIds } from '../../src/platform/ids.js'

const seeded = () => ({ random: makeRng(42), time: Date.UTC(2025, 0, 1) })

describe('withDeterministicIds', () => {
  it('gives the same ids, in creation order, to the same calls', async () => {
    const run = () => withDeterministicIds(seeded(), async () => [newId('cus'), newId('cus'), newId('ord')])
    const first = await run()
    expect(await run()).toEqual(first)
    expect(new Set(first).size).toBe(3)
    expect(first[0]! < first[1]!).toBe(true)
    expect(first[0]).toMatch(/^cus_01jgfjjz00/)
  })

  it('leaves the ids of work running meanwhile random and current', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const seededRun = withDeterministicIds(seeded(), async () => {
      await gate
      return newId('cus')
    })
    const outside = [newId('cus'), newId('cus')]
    release()
    const inside = await seededRun
    expect(await withDeterministicIds(seeded(), async () => newId('cus'))).toBe(inside)
    // Stamped now, not at the seed's instant: they did not come from the seeded source.
    expect(outside.every((id) => id.slice(4, 14) > inside.slice(4, 14))).toBe(true)
    expect(outside[0]).not.toBe(outside[1])
  })
})
