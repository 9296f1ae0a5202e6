/**
 * Hooks: the one way a module lets others react to what it does without importing them. Modules form a stack (README,
 * "Module layers"); when what a lower module does must reach a higher one (a login adopts the device's carts, a merge
 * or an erasure reaches every module's rows, an order's status move earns points), the module that acts declares a
 * typed hook next to the action and runs it in its own transaction:
 *
 *   export const deviceLinked = defineHook<DeviceLinked>('auth.device-linked')   // auth/service.ts
 *   await deviceLinked.run(tx, { deviceId, customerId })                         // same transaction
 *
 * Handlers are registered at start by src/module-hooks.ts, the one file above every module, in the order written
 * there (where the order matters — locks, what a record lists first — it is stated once, there). A hook can collect
 * what its handlers answer (an export's sections, the parts a merge moved): `run` returns their answers in that order,
 * and `collectParts` joins answers that each fill some keys of one record. A hook one module answers (has she ever
 * ordered?) is asked with `ask`, which insists on exactly one handler.
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
  /** Runs the one handler of a hook that exactly one module answers, and returns its answer. */
  ask(tx: Tx, input: Input): Promise<Output>
}

export interface HookWiring {
  name: string
  handlers: string[]
}

const declared: { name: string; handlers: { by: string }[] }[] = []
let sealed = false

export function defineHook<Input, Output = void>(name: string): Hook<Input, Output> {
  if (declared.some((hook) => hook.name === name)) throw new Error(`Hook ${name} is declared twice.`)
  // Declared after the wiring, a hook would have no handler and its action would skip every reaction.
  if (sealed) throw new Error(`Hook ${name} is declared after src/module-hooks.ts wired the hooks; import its module there.`)
  const handlers: { by: string; handler: HookHandler<Input, Output> }[] = []
  declared.push({ name, handlers })
  return {
    name,
    on(by, handler) {
      if (sealed) throw new Error(`Hook ${name}: ${by} registers after start; register in src/module-hooks.ts.`)
      handlers.push({ by, handler })
    },
    async run(tx, input) {
      assertWired(name, handlers.length)
      const results: Output[] = []
      // One after the other: the handlers share one transaction, and their order is the lock order.
      for (const { handler } of handlers) results.push(await handler(tx, input))
      return results
    },
    async ask(tx, input) {
      assertWired(name, handlers.length)
      if (handlers.length !== 1) throw new Error(`Hook ${name} is answered by one module, but ${handlers.map((entry) => entry.by).join(', ')} registered.`)
      return handlers[0]!.handler(tx, input)
    },
  }
}

/** A hook nobody handles is a wiring mistake, never "nothing to do": its action would quietly skip what must follow. */
function assertWired(name: string, handlerCount: number): void {
  if (!sealed) throw new Error(`Hook ${name} ran before src/module-hooks.ts wired the hooks; import it in this entry point.`)
  if (handlerCount === 0) throw new Error(`Hook ${name} has no handler; register one in src/module-hooks.ts.`)
}

/**
 * Joins answers that each fill some keys of one record (a merge's moved parts, an erasure's counts, an export's
 * sections) and checks the record whole: a key nobody answered, one answered twice or one the record does not have
 * is a wiring mistake, and throws rather than store or show a record missing a module's part.
 */
export function collectParts<Whole extends object>(name: string, answers: readonly Partial<Whole>[], keys: Record<keyof Whole, true>): Whole {
  const whole: Partial<Whole> = {}
  for (const answer of answers) {
    for (const key of Object.keys(answer) as (keyof Whole)[]) {
      if (!(key in keys)) throw new Error(`Hook ${name}: ${String(key)} is not part of its answer.`)
      if (key in whole) throw new Error(`Hook ${name}: ${String(key)} is answered twice.`)
      whole[key] = answer[key]
    }
  }
  const missing = (Object.keys(keys) as (keyof Whole)[]).filter((key) => whole[key] === undefined)
  if (missing.length > 0) throw new Error(`Hook ${name}: no handler answered ${missing.map(String).join(', ')}; register it in src/module-hooks.ts.`)
  return whole as Whole
}

/** Ends registration: from now on hooks run, and a late registration throws. Called once by src/module-hooks.ts. */
export function sealHooks(): void {
  sealed = true
}

/** Every hook declared so far and who handles it, in order. */
export function hookWiring(): HookWiring[] {
  return declared.map((hook) => ({ name: hook.name, handlers: hook.handlers.map((handler) => handler.by) }))
}
