/**
 * A promotion as the back office writes it and as the engine reads it. The HTTP shapes are derived from pricing's
 * `PromotionRule` (one definition for validation, docs and evaluation): each kind's own fields go to the `definition`
 * column, the shared ones to columns. `loadPromotionRules` turns the live rows into engine rules for a cart.
 */
import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import { Type, type TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { Version } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { named } from '../../platform/openapi-document.js'
import { PromotionRule, PromotionTarget, type PromotionKind } from '../pricing/service.js'
import { promotionFieldInvalid } from './errors.js'
import { promotionCustomerUses, promotions, type PromotionStatus } from './schema.js'

const closed = { additionalProperties: false } as const
type Distribute<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
type KeysOfUnion<T> = T extends unknown ? keyof T : never
type FieldOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never

/** The engine's rule without what only the engine knows (the id it is stored under, the uses left). */
export type RuleFields = Distribute<PromotionRule, 'id' | 'remainingUses'>

export interface PromotionSettings {
  description?: string | null
  usageLimit?: number | null
  perCustomerLimit?: number | null
  requiresCoupon?: boolean
}

export type PromotionInput = RuleFields & PromotionSettings & { status?: 'active' | 'paused' }

/** A PATCH: any field of any kind (checked against the promotion's kind once merged), settings and status. */
export type PromotionChanges = { [K in KeysOfUnion<RuleFields>]?: FieldOf<RuleFields, K> } & PromotionSettings & { status?: PromotionStatus }

export type Promotion = Distribute<PromotionRule, 'remainingUses'> & {
  description: string | null
  usageLimit: number | null
  usedCount: number
  perCustomerLimit: number | null
  requiresCoupon: boolean
  status: PromotionStatus
  version: number
  createdAt: string
  updatedAt: string
}

const nullable = (schema: TSchema) => Type.Union([schema, Type.Null()])
const Limit = (description: string) => Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 1_000_000_000, description })))
const settingsFields = {
  description: Type.Optional(nullable(Type.String({ maxLength: 2000, description: 'For the back office; shoppers see the name' }))),
  usageLimit: Limit('Orders that may use it in all; null: unlimited. A cancelled or fully returned order gives its use back'),
  perCustomerLimit: Limit('Orders one customer may use it on; null: unlimited. Guests cannot use a promotion that has one'),
  requiresCoupon: Type.Optional(Type.Boolean({ description: 'Applies only to a cart holding one of its coupons (default false)' })),
}
const Status = (statuses: readonly PromotionStatus[], description?: string) => Type.Union(statuses.map((status) => Type.Literal(status)), description ? { description } : {})

/** A union tagged by `field`: validation reports the error of the branch that was meant, not of the first one tried. */
const tagged = (branches: readonly TSchema[], field: string, options: Record<string, unknown> = {}) =>
  Type.Unsafe({ ...options, oneOf: branches, discriminator: { propertyName: field } })

/** `percent_off` → `PercentOff`: the kind as it starts a schema name. */
const pascal = (kind: string) => kind.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())

const branches = PromotionRule.anyOf.map((branch) => ({
  kind: branch.properties.kind.const as PromotionKind,
  description: (branch as { description?: string }).description,
  properties: branch.properties as Record<string, TSchema>,
}))
const ENGINE_ONLY = ['id', 'remainingUses']
/** The shared fields (name, priority, stacking, window, channels, segment, threshold): those every kind has. */
const SHARED = Object.keys(branches[0]?.properties ?? {}).filter((key) => key !== 'kind' && branches.every((branch) => key in branch.properties))
/** Each kind's own fields, stored in `definition` under the engine's names. */
export const KIND_FIELDS = Object.fromEntries(
  branches.map((branch) => [branch.kind, Object.keys(branch.properties).filter((key) => key !== 'kind' && !SHARED.includes(key) && !ENGINE_ONLY.includes(key))]),
) as Record<PromotionKind, string[]>

const Target = tagged(PromotionTarget.anyOf, 'scope')
const ruleFields = (properties: Record<string, TSchema>, target: TSchema) =>
  Object.fromEntries(Object.entries(properties).flatMap(([key, schema]) => (ENGINE_ONLY.includes(key) ? [] : [[key, key === 'target' && 'anyOf' in schema ? target : schema]])))

/** What each kind accepts on creation, with the engine's plain target union (used to check a merged PATCH). */
const KIND_BODIES = Object.fromEntries(
  branches.map((branch): [string, TSchema] => [branch.kind, Type.Object({ ...ruleFields(branch.properties, PromotionTarget), ...settingsFields, status: Type.Optional(Status(['active', 'paused'])) }, closed)]),
) as Record<PromotionKind, TSchema>

/** The POST body: one branch per kind, tagged by `kind`. */
export function promotionBodySchema(examples: readonly unknown[]) {
  const bodies = branches.map((branch) =>
    named(
      `New${pascal(branch.kind)}Promotion`,
      Type.Object(
        { ...ruleFields(branch.properties, Target), ...settingsFields, status: Type.Optional(Status(['active', 'paused'], 'Default active; a paused promotion applies nowhere')) },
        { ...closed, description: branch.description },
      ),
    ),
  )
  return Type.Unsafe<PromotionInput>(tagged(bodies, 'kind', { examples }))
}

/** The PATCH body: any field of any kind, optional; the kind itself cannot change. */
export function promotionChangesSchema(examples: readonly unknown[]) {
  const properties: Record<string, TSchema> = {}
  for (const branch of branches) {
    for (const [key, schema] of Object.entries(ruleFields(branch.properties, Target))) {
      properties[key] ??= Type.Optional(key === 'kind' ? Type.Union(branches.map((b) => Type.Literal(b.kind)), { description: 'Cannot change; accepted when it is the current kind' }) : schema)
    }
  }
  const status = Status(['active', 'paused', 'archived'], 'active ⇄ paused; archived is final (DELETE archives too)')
  return Type.Unsafe<PromotionChanges>(Type.Object({ ...properties, ...settingsFields, status: Type.Optional(status) }, { ...closed, minProperties: 1, examples }))
}

/** A promotion as the API answers it: a branch per kind, with its usage. */
export function promotionSchema(examples: readonly unknown[]) {
  const answers = branches.map((branch) => {
    const { remainingUses: _, ...rule } = branch.properties
    if (rule.target && 'anyOf' in rule.target) rule.target = Target
    return named(
      `${pascal(branch.kind)}Promotion`,
      Type.Object(
        {
          ...rule,
          ...settingsFields,
          status: Status(['active', 'paused', 'archived']),
          usedCount: Type.Integer({ minimum: 0, description: 'Orders that used it (released uses given back)' }),
          version: Version,
          createdAt: Type.String({ format: 'date-time' }),
          updatedAt: Type.String({ format: 'date-time' }),
        },
        { ...closed, description: branch.description },
      ),
    )
  })
  return Type.Unsafe<Promotion>(tagged(answers, 'kind', { examples }))
}

/**
 * The first way `fields` is not a valid promotion of `kind` (a PATCH merged onto the stored promotion): a field of
 * another kind, or a target the kind does not take. Throws a 400 naming the field.
 */
export function checkKindFields(kind: PromotionKind, fields: Record<string, unknown>): void {
  const errors = [...Value.Errors(KIND_BODIES[kind], fields)]
  const error = errors.find((candidate) => candidate.instancePath !== '') ?? errors[0]
  if (!error) return
  const field = `/body${error.instancePath}`
  throw promotionFieldInvalid(field, error.keyword === 'boolean' ? `${field.slice(6)} is not a field of a ${kind} promotion.` : `${field.slice(6)} ${error.message}.`)
}

type PromotionRow = typeof promotions.$inferSelect
type RuleRow = Pick<PromotionRow, 'id' | 'name' | 'kind' | 'definition' | 'priority' | 'stacking' | 'startsAt' | 'endsAt' | 'channelIds' | 'segment' | 'minSubtotal'>

/** The shared fields of a row under the engine's names. */
function ruleOf(row: RuleRow) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    ...row.definition,
    priority: row.priority,
    stacking: row.stacking,
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    channelIds: row.channelIds,
    segment: row.segment,
    minSubtotal: row.minSubtotal,
  }
}

/** The engine's rule for a stored promotion (its definition was validated for its kind when written). */
export function toPromotionRule(row: RuleRow, remainingUses: number | null): PromotionRule {
  return { ...ruleOf(row), remainingUses } as PromotionRule
}

export function toPromotion(row: PromotionRow): Promotion {
  return {
    ...ruleOf(row),
    description: row.description,
    usageLimit: row.usageLimit,
    usedCount: row.usedCount,
    perCustomerLimit: row.perCustomerLimit,
    requiresCoupon: row.requiresCoupon,
    status: row.status,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  } as Promotion
}

/**
 * Uses left for this shopper: the smaller of what the promotion has left and what she has left of her own limit;
 * null when neither is limited. A guest has none of a promotion limited per customer (her uses could not be counted).
 */
export function remainingUsesOf(
  promotion: { usageLimit: number | null; usedCount: number; perCustomerLimit: number | null },
  customer: { id: string | null; uses: number },
): number | null {
  const overall = promotion.usageLimit === null ? null : Math.max(0, promotion.usageLimit - promotion.usedCount)
  const own = promotion.perCustomerLimit === null ? null : customer.id === null ? 0 : Math.max(0, promotion.perCustomerLimit - customer.uses)
  if (overall === null || own === null) return overall ?? own
  return Math.min(overall, own)
}

/**
 * The engine rules of the promotions live at `now`: active, started, not ended; those behind a coupon only when the
 * cart holds one of their coupons. Channel and segment are left to the engine, which explains them. One query.
 */
export async function loadPromotionRules(tx: Tx, input: { now: Date; customerId: string | null; couponPromotionIds: readonly string[] }): Promise<PromotionRule[]> {
  const { now, customerId } = input
  const couponIds = [...new Set(input.couponPromotionIds)]
  // Relies on promotions_status_idx (status, priority); the join reads promotion_customer_uses by its primary key.
  const rows = await tx
    .select({
      id: promotions.id,
      name: promotions.name,
      kind: promotions.kind,
      definition: promotions.definition,
      priority: promotions.priority,
      stacking: promotions.stacking,
      startsAt: promotions.startsAt,
      endsAt: promotions.endsAt,
      channelIds: promotions.channelIds,
      segment: promotions.segment,
      minSubtotal: promotions.minSubtotal,
      usageLimit: promotions.usageLimit,
      usedCount: promotions.usedCount,
      perCustomerLimit: promotions.perCustomerLimit,
      uses: promotionCustomerUses.uses,
    })
    .from(promotions)
    .leftJoin(
      promotionCustomerUses,
      and(eq(promotionCustomerUses.promotionId, promotions.id), customerId === null ? sql`false` : eq(promotionCustomerUses.customerId, customerId)),
    )
    .where(
      and(
        eq(promotions.status, 'active'),
        or(isNull(promotions.startsAt), lte(promotions.startsAt, now)),
        or(isNull(promotions.endsAt), gt(promotions.endsAt, now)),
        couponIds.length === 0 ? eq(promotions.requiresCoupon, false) : or(eq(promotions.requiresCoupon, false), inArray(promotions.id, couponIds)),
      ),
    )
    .orderBy(asc(promotions.priority), asc(promotions.id))
  return rows.map((row) => toPromotionRule(row, remainingUsesOf(row, { id: customerId, uses: row.uses ?? 0 })))
}
