// The hook mechanism on its own: this file never loads src/module-hooks.ts, so it sees hooks before and after sealing
// (vitest gives each test file its own module registry, and the tests run in the order written).
import { describe, expect, it } from 'vitest'
import type { Tx } from '../../src/platform/db.js'
import { collectParts, defineHook, hookWiring, sealHooks } from '../../src/platform/hooks.js'

// A hook never touches the transaction itself: it hands it to the handlers, which here only record their turn.
const tx = {} as Tx

describe('hooks', () => {
  const calls: string[] = []
  const moved = defineHook<{ id: string }, number>('test.moved')
  moved.on('first', async (given, input) => {
    expect(given).toBe(tx)
    calls.push(`first ${input.id}`)
    return 1
  })
  moved.on('second', async (_, input) => {
    calls.push(`second ${input.id}`)
    return 2
  })
  const guarded = defineHook<{ id: string }>('test.guarded')
  guarded.on('refuser', async () => {
    throw new Error('refused')
  })
  guarded.on('after', async (_, input) => {
    calls.push(`after ${input.id}`)
  })
  const ordered = defineHook<{ customerId: string }, boolean>('test.ordered')
  ordered.on('orders', async (_, input) => input.customerId === 'cus_1')
  const unhandled = defineHook<void>('test.unhandled')

  it('refuses to run before the wiring is sealed, so a forgotten wiring fails loudly', async () => {
    await expect(moved.run(tx, { id: 'a' })).rejects.toThrow(/before src\/module-hooks\.ts wired the hooks/)
    expect(calls).toEqual([])
  })

  it('runs the handlers one after the other in the order registered and returns their answers', async () => {
    sealHooks()
    expect(await moved.run(tx, { id: 'b' })).toEqual([1, 2])
    expect(calls).toEqual(['first b', 'second b'])
  })

  it('stops at the first handler that throws, leaving the rest (the transaction rolls back)', async () => {
    calls.length = 0
    await expect(guarded.run(tx, { id: 'c' })).rejects.toThrow('refused')
    expect(calls).toEqual([])
  })

  it('asks the one module that answers a question, and refuses a question several or none answer', async () => {
    expect(await ordered.ask(tx, { customerId: 'cus_1' })).toBe(true)
    expect(await ordered.ask(tx, { customerId: 'cus_2' })).toBe(false)
    await expect(moved.ask(tx, { id: 'd' })).rejects.toThrow(/answered by one module, but first, second registered/)
    await expect(unhandled.ask(tx)).rejects.toThrow(/has no handler/)
  })

  it('refuses to run a hook nobody handles: its action would skip what must follow', async () => {
    await expect(unhandled.run(tx)).rejects.toThrow(/test.unhandled has no handler/)
  })

  it('refuses a registration or a declaration after start, and lists who handles what', () => {
    expect(() => moved.on('late', async () => 3)).toThrow(/registers after start/)
    expect(() => defineHook('test.late')).toThrow(/declared after src\/module-hooks\.ts wired the hooks/)
    expect(hookWiring()).toEqual([
      { name: 'test.moved', handlers: ['first', 'second'] },
      { name: 'test.guarded', handlers: ['refuser', 'after'] },
      { name: 'test.ordered', handlers: ['orders'] },
      { name: 'test.unhandled', handlers: [] },
    ])
  })

  it('collects answers into one whole record, refusing a part missing, answered twice or unknown', () => {
    const keys = { carts: true, orders: true } as const
    expect(collectParts<{ carts: string[]; orders: number }>('test.merged', [{ carts: ['a'] }, { orders: 2 }], keys)).toEqual({ carts: ['a'], orders: 2 })
    expect(() => collectParts<{ carts: string[]; orders: number }>('test.merged', [{ carts: [] }], keys)).toThrow(/no handler answered orders/)
    expect(() => collectParts<{ carts: string[]; orders: number }>('test.merged', [{ carts: [] }, { carts: [], orders: 1 }], keys)).toThrow(/carts is answered twice/)
    expect(() => collectParts<{ carts: string[]; orders: number }>('test.merged', [{ carts: [], orders: 1, wishlist: 1 } as never], keys)).toThrow(/wishlist is not part/)
  })

  it('refuses a second hook of the same name', () => {
    expect(() => defineHook('test.moved')).toThrow(/declared twice/)
  })
})
