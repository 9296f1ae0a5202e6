/** Variant routes: a product's variants added and changed by catalogue staff (catalog:write). See variants.ts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders, Version } from '../../platform/concurrency.js'
import { mutate } from '../../platform/idempotency.js'
import { MAX_UNIT_PRICE, Money } from '../../platform/money.js'
import { named } from '../../platform/openapi-document.js'
import { Problem } from '../../platform/problems.js'
import { addVariant, updateVariant } from './service.js'

const closed = { additionalProperties: false } as const
const Id = Type.String({ minLength: 1, maxLength: 128 })
const ProductIdOrHandle = Type.String({ minLength: 1, maxLength: 128, description: 'Product id or handle' })
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const auth = [{ bearer: [] }]
const tags = ['catalog']
const write = { can: 'catalog:write' } as const

export const eur = (amount: number) => ({ amount, currency: 'EUR' })
export const variantExample = (size: string, barcode: string) => ({
  sku: `ML-ROBE-LIN-LAV-${size}`,
  barcode,
  options: { taille: size, couleur: 'Lavande' },
  price: eur(8900),
})
const MoneyIn = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: MAX_UNIT_PRICE, description: 'Minor units, tax included' }),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$', default: 'EUR', description: 'ISO 4217' })),
  },
  closed,
)
const Options = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$' }), Type.String({ minLength: 1, maxLength: 100 }), {
  ...closed,
  maxProperties: 8,
  description: 'e.g. { "taille": "M", "couleur": "Bleu" }',
})
const VariantFields = {
  sku: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'Unique whatever its case' }),
  barcode: Type.Union([Type.String({ minLength: 13, maxLength: 13, pattern: '^[0-9]{13}$', description: 'EAN-13 with a valid check digit' }), Type.Null()]),
  options: Options,
  price: MoneyIn,
  compareAtPrice: Type.Union([MoneyIn, Type.Null()], { description: 'The former price shown struck through; above price' }),
}
export const VariantBody = Type.Object(
  {
    ...VariantFields,
    barcode: Type.Optional(VariantFields.barcode),
    options: Type.Optional(Options),
    compareAtPrice: Type.Optional(VariantFields.compareAtPrice),
  },
  { ...closed, examples: [variantExample('L', '3760123450034')] },
)
const VariantPatch = Type.Partial(Type.Object(VariantFields, closed), {
  ...closed,
  minProperties: 1,
  examples: [{ price: eur(6900), compareAtPrice: eur(8900) }, { barcode: '3760123450041' }],
})
const Timestamps = { createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }) }
export const Variant = named(
  'Variant',
  Type.Object(
    {
      id: Type.String({ examples: ['var_01jd3x5k2v0000000000000000'] }),
      productId: Type.String(),
      sku: Type.String(),
      barcode: Type.Union([Type.String(), Type.Null()]),
      options: Type.Record(Type.String(), Type.String()),
      price: Money,
      compareAtPrice: Type.Union([Money, Type.Null()]),
      position: Type.Integer(),
      version: Version,
      ...Timestamps,
    },
    closed,
  ),
)
const ProductParams = Type.Object({ id: ProductIdOrHandle }, closed)
const VariantParams = Type.Object({ id: ProductParams.properties.id, variantId: Id }, closed)

/** Adds and changes variants; registered by catalogRoutes between the product routes and the lookup by code. */
export const variantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/products/:id/variants',
    {
      schema: {
        operationId: 'addVariant',
        tags,
        summary: 'Add a variant to a product',
        security: auth,
        params: ProductParams,
        body: VariantBody,
        response: { 201: Variant, ...errors },
      },
      config: write,
    },
    (req, reply) => mutate(req, reply, (tx) => addVariant(tx, { product: req.params.id, variant: req.body }), { status: 201 }),
  )
  app.patch(
    '/v1/products/:id/variants/:variantId',
    {
      schema: {
        operationId: 'updateVariant',
        tags,
        summary: 'Change a variant',
        security: auth,
        params: VariantParams,
        headers: IfMatchHeaders,
        body: VariantPatch,
        response: { 200: Variant, ...errors, ...ConcurrencyErrors },
      },
      config: write,
    },
    (req, reply) =>
      mutate(req, reply, (tx) =>
        updateVariant(tx, { product: req.params.id, variantId: req.params.variantId, changes: req.body, expectedVersion: expectedVersionOf(req) }),
      ),
  )
}
