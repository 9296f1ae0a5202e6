/**
 * The shape of the event catalogue. Each module's events.ts declares its event types with their payload schemas
 * (`defineEvents`) and adds them to `EventPayloads` by declaration merging, so that `emit(tx, type, payload)` only
 * compiles for a listed type with a payload of its schema. The catalogue served to integrators (GET /v1/event-types,
 * the OpenAPI `webhooks`) is built from the same definitions, at the top of the module stack (src/event-catalogue.ts).
 */
import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox'

/** Event type → payload type. Empty here: every module's events.ts adds its own. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging.
export interface EventPayloads {}

export type EventType = keyof EventPayloads & string

export interface EventDefinition {
  /** What happened, and to whom the event is visible (its scope), for integrators. */
  description: string
  payload: TObject
}

/** One entry of the published catalogue (GET /v1/event-types, the OpenAPI `webhooks`). */
export interface CataloguedEvent extends EventDefinition {
  type: string
}

/** A module's events, by type (`<module>.<noun>_<past-verb>`). */
export function defineEvents<const D extends Record<string, EventDefinition>>(definitions: D): D {
  return definitions
}

/** The payload types of a module's definitions, for its `EventPayloads` augmentation. */
export type PayloadsOf<D extends Record<string, EventDefinition>> = { [K in keyof D]: Static<D[K]['payload']> }

/** Schema pieces the modules' payloads share; bounds describe what the code emits. */
export const EventSchemas = {
  id: (description?: string) => Type.String({ maxLength: 64, ...(description && { description }) }),
  text: (description?: string) => Type.String({ maxLength: 500, ...(description && { description }) }),
  nullable: <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]),
  /** Names of the fields a change touched. */
  changed: () => Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100, description: 'Names of the fields that changed' }),
  ids: (description: string) => Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10_000, description }),
  /** An amount in integer minor units (cents). */
  amount: (description = 'Integer minor units (cents)') => Type.Integer({ minimum: -1_000_000_000_000, maximum: 1_000_000_000_000, format: 'int64', description }),
  currency: () => Type.String({ pattern: '^[A-Z]{3}$', maxLength: 3, description: 'ISO 4217 code' }),
  count: (description?: string) => Type.Integer({ minimum: 0, maximum: 1_000_000_000, format: 'int32', ...(description && { description }) }),
  /** A signed integer: a quantity or points moved. */
  delta: (description?: string) => Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000, format: 'int32', ...(description && { description }) }),
  time: () => Type.String({ format: 'date-time', maxLength: 40 }),
}

/** A payload object: closed, so that the documented fields are all there is. */
export function payload<P extends TProperties>(properties: P) {
  return Type.Object(properties, { additionalProperties: false })
}
