// The hook mechanism on its own: this file never loads src/module-hooks.ts, so it sees hooks before and after sealing.
import { describe, expect, it } from 'vitest'
import type { Tx } from '../../src/platform/db.js'
import { defineHook, hookWiring, sealHooks } from '../../src/platform/hooks.js'

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

  it('refuses a registration after start and lists who handles what', () => {
    const late = defineHook<void>('test.late')
    expect(() => late.on('late', async () => {})).toThrow(/registers after start/)
    expect(hookWiring()).toEqual([
      { name: 'test.moved', handlers: ['first', 'second'] },
      { name: 'test.guarded', handlers: ['refuser', 'after'] },
      { name: 'test.late', handlers: [] },
    ])
  })

  it('refuses a second hook of the same name', () => {
    expect(() => defineHook('test.moved')).toThrow(/declared twice/)
  })
})
