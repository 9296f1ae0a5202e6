/**
 * Hooks: the one way a module lets others react to what it does without importing them. Modules form a stack (README,
 * "Module layers"); when what a lower module does must reach a higher one (a login adopts the device's carts, a merge
 * or an erasure reaches every module's rows, an order's status move earns points), the module that acts declares a
 * typed hook next to the action and runs it in its own transaction:
 *
 *   export const customersMerged = defineHook<CustomersMerged>('customers.merged')   // customers/merge.ts
 *   await customersMerged.run(tx, { survivorId, mergedId })                           // same transaction
 *
 * Handlers are registered at start by src/module-hooks.ts, the one file above every module, in the order written
 * there (the order is the lock order, so it is stated once). A hook can collect what its handlers answer (an export's
 * sections, facts about a shopper): `run` returns their results in that order.
 *
 * Running a hook before src/module-hooks.ts was loaded is a programming error and throws: a process that forgot the
 * wiring would otherwise skip every handler silently (an order paid without points, an erasure that leaves rows).
 */
import type { Tx } from './db.js'

export type HookHandler<Input, Output> = (tx: Tx, input: Input) => Promise<Output>

export interface Hook<Input, Output = void> {
  readonly name: string
  /** Adds a handler; `by` names the module registering it (for errors and the wiring test). Only before sealing. */
  on(by: string, handler: HookHandler<Input, Output>): void
  /** Runs every handler one after the other in the caller's transaction and returns what each answered. */
  run(tx: Tx, input: Input): Promise<Output[]>
}

export interface HookWiring {
  name: string
  handlers: string[]
}

const declared: { name: string; handlers: { by: string }[] }[] = []
let sealed = false

export function defineHook<Input, Output = void>(name: string): Hook<Input, Output> {
  if (declared.some((hook) => hook.name === name)) throw new Error(`Hook ${name} is declared twice.`)
  const handlers: { by: string; handler: HookHandler<Input, Output> }[] = []
  declared.push({ name, handlers })
  return {
    name,
    on(by, handler) {
      if (sealed) throw new Error(`Hook ${name}: ${by} registers after start; register in src/module-hooks.ts.`)
      handlers.push({ by, handler })
    },
    async run(tx, input) {
      if (!sealed) throw new Error(`Hook ${name} ran before src/module-hooks.ts wired the hooks; import it in this entry point.`)
      const results: Output[] = []
      // One after the other: the handlers share one transaction, and their order is the lock order.
      for (const { handler } of handlers) results.push(await handler(tx, input))
      return results
    },
  }
}

/** Ends registration: from now on hooks run, and a late registration throws. Called once by src/module-hooks.ts. */
export function sealHooks(): void {
  sealed = true
}

/** Every hook declared so far and who handles it, in order. */
export function hookWiring(): HookWiring[] {
  return declared.map((hook) => ({ name: hook.name, handlers: hook.handlers.map((handler) => handler.by) }))
}
