import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders, Version } from '../../platform/concurrency.js'
import { named } from '../../platform/openapi-document.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { MAX_UNIT_PRICE, Money } from '../../platform/money.js'
import { categoryRoutes } from './routes-categories.js'
import { eur, Variant, VariantBody, variantExample, variantRoutes } from './routes-variants.js'
import { archiveProduct, createProduct, findVariantByCode, getProduct, PRODUCT_SORT_KEYS, listProducts, updateProduct, type Audience } from './service.js'

const closed = { additionalProperties: false } as const
const Id = Type.String({ minLength: 1, maxLength: 128 })
const statusOf = (options: { default?: 'draft' } = {}) => Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('archived')], options)
const Status = statusOf()
const vatRateOf = (options: { default?: 2000 } = {}) =>
  Type.Union([Type.Literal(2000), Type.Literal(1000), Type.Literal(550), Type.Literal(210)], {
    ...options,
    description: 'French VAT rate in basis points: 2000 = 20 %',
  })
const VatRate = vatRateOf()
const Localized = (max: number, min = 0) =>
  Type.Object({ fr: Type.String({ minLength: min, maxLength: max }), en: Type.String({ minLength: min, maxLength: max }) }, closed)
const Handle = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  description: 'URL slug, unique; made from the French title when absent',
})
const Image = Type.Object({ url: Type.String({ format: 'uri', maxLength: 2000 }) }, closed)

const dressTitle = { fr: 'Robe en lin lavande', en: 'Lavender linen dress' }
const dressImages = [{ url: 'https://cdn.maison-lumiere.fr/produits/robe-lin-lavande-1.jpg' }]
const dressSummary = { handle: 'robe-lin-lavande', status: 'active', title: dressTitle, brand: 'Maison Lumière', vatRate: 2000, images: dressImages }
const ProductFields = {
  handle: Handle,
  status: Status,
  title: Localized(200, 1),
  description: Localized(10_000),
  brand: Type.String({ maxLength: 100 }),
  vatRate: VatRate,
  images: Type.Array(Image, { maxItems: 20 }),
  categoryIds: Type.Array(Id, { maxItems: 20, description: 'Ids or codes of categories' }),
}
const ProductBody = Type.Object(
  {
    ...ProductFields,
    handle: Type.Optional(Handle),
    status: Type.Optional(statusOf({ default: 'draft' })),
    description: Type.Optional(ProductFields.description),
    brand: Type.Optional(ProductFields.brand),
    vatRate: Type.Optional(vatRateOf({ default: 2000 })),
    images: Type.Optional(ProductFields.images),
    categoryIds: Type.Optional(ProductFields.categoryIds),
    variants: Type.Optional(Type.Array(VariantBody, { maxItems: 100 })),
  },
  {
    ...closed,
    examples: [
      {
        ...dressSummary,
        description: { fr: 'Robe midi en lin lavé, coupe fluide, fabriquée au Portugal.', en: 'Washed-linen midi dress with a relaxed fit, made in Portugal.' },
        categoryIds: ['robes'],
        variants: [variantExample('S', '3760123450010'), { ...variantExample('M', '3760123450027'), compareAtPrice: eur(11900) }],
      },
    ],
  },
)
const ProductPatch = Type.Partial(Type.Object(ProductFields, closed), {
  ...closed,
  minProperties: 1,
  examples: [{ status: 'active', categoryIds: ['robes', 'nouveautes'] }, { title: { fr: 'Robe longue en lin lavande', en: 'Lavender linen maxi dress' } }],
})

const Timestamps = { createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }) }
const Product = named(
  'Product',
  Type.Object(
    {
      id: Type.String({ examples: ['prod_01jd3x5k2v0000000000000000'] }),
      handle: Type.String(),
      status: Status,
      title: Localized(200),
      description: Localized(10_000),
      brand: Type.String(),
      vatRate: Type.Integer(),
      images: Type.Array(Image),
      categoryIds: Type.Array(Type.String()),
      variants: Type.Array(Variant),
      version: {
        ...Version,
        description: 'Raised by every write of the product’s own fields (each variant has its own); sent as the ETag and compared with If-Match',
      },
      ...Timestamps,
    },
    closed,
  ),
)
const ProductSummary = named(
  'ProductSummary',
  Type.Object(
    {
      id: Type.String(),
      handle: Type.String(),
      status: Status,
      title: Localized(200),
      brand: Type.String(),
      vatRate: Type.Integer(),
      images: Type.Array(Image),
      price: Type.Union([Type.Object({ min: Money, max: Money }, closed), Type.Null()], { description: 'Lowest and highest variant price' }),
    },
    closed,
  ),
)
const ProductPage = Type.Object(Page(ProductSummary).properties, {
  ...closed,
  examples: [
    {
      items: [{ id: 'prod_01jd3x5k2v0000000000000000', ...dressSummary, price: { min: eur(8900), max: eur(8900) } }],
      nextCursor: 'WyJwcm9kXzAxamQzeDVrMnYwMDAwMDAwMDAwMDAwMDAxIl0',
    },
  ],
})
const VariantWithProduct = Type.Object({ ...Variant.properties, product: ProductSummary }, closed)

const ProductParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128, description: 'Product id or handle' }) }, closed)
const CodeParams = Type.Object({ skuOrBarcode: Type.String({ minLength: 1, maxLength: 64, description: 'SKU (any case) or EAN-13 barcode' }) }, closed)
const ProductQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Full-text search, accents ignored; results by relevance' })),
    lang: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')], { default: 'fr', description: 'Language of q' })),
    category: Type.Optional(Type.String({ maxLength: 128, description: 'Category id or code; a top-level category includes its children' })),
    brand: Type.Optional(Type.String({ maxLength: 100 })),
    minPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_UNIT_PRICE, description: 'Minor units: a variant priced at least this' })),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_UNIT_PRICE, description: 'Minor units: a variant priced at most this' })),
    status: Type.Optional(Status),
    ...SortAndCountQuery(PRODUCT_SORT_KEYS, 'by relevance with q, else creation order'),
  },
  closed,
)
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const auth = [{ bearer: [] }]
const tags = ['catalog']
const write = { can: 'catalog:write' } as const

/** Staff and integrations see drafts and archives; everyone else sees what is on sale. */
function audienceOf(request: FastifyRequest): Audience {
  const kind = request.actor?.kind
  return kind === 'staff' || kind === 'integration' ? 'staff' : 'public'
}

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.database.db
  app.get(
    '/v1/products',
    {
      schema: {
        operationId: 'listProducts',
        security: [{}, { bearer: [] }],
        tags,
        summary: 'List or search products (public: active ones)',
        querystring: ProductQuery,
        response: { 200: ProductPage, 400: Problem, 403: Problem },
      },
    },
    (req) => listProducts(db, { ...req.query, audience: audienceOf(req) }),
  )
  app.post(
    '/v1/products',
    {
      schema: {
        operationId: 'createProduct',
        tags,
        summary: 'Create a product with its variants',
        security: auth,
        body: ProductBody,
        response: { 201: Product, ...errors },
      },
      config: write,
    },
    (req, reply) => mutate(req, reply, (tx) => createProduct(tx, req.body), { status: 201 }),
  )
  app.get(
    '/v1/products/:id',
    {
      schema: {
        operationId: 'getProduct',
        security: [{}, { bearer: [] }],
        tags,
        summary: 'A product with its variants (public: active ones)',
        params: ProductParams,
        response: { 200: Product, 404: Problem },
      },
    },
    (req) => getProduct(db, { idOrHandle: req.params.id, audience: audienceOf(req) }),
  )
  app.patch(
    '/v1/products/:id',
    {
      schema: {
        operationId: 'updateProduct',
        tags,
        summary: 'Change a product',
        security: auth,
        params: ProductParams,
        headers: IfMatchHeaders,
        body: ProductPatch,
        response: { 200: Product, ...errors, ...ConcurrencyErrors },
      },
      config: write,
    },
    (req, reply) => mutate(req, reply, (tx) => updateProduct(tx, { idOrHandle: req.params.id, changes: req.body, expectedVersion: expectedVersionOf(req) })),
  )
  app.delete(
    '/v1/products/:id',
    {
      schema: {
        operationId: 'archiveProduct',
        tags,
        summary: 'Archive a product (products are never deleted)',
        security: auth,
        params: ProductParams,
        headers: IfMatchHeaders,
        response: { 200: Product, ...errors, ...ConcurrencyErrors },
      },
      config: write,
    },
    (req, reply) => mutate(req, reply, (tx) => archiveProduct(tx, { idOrHandle: req.params.id, expectedVersion: expectedVersionOf(req) })),
  )
  await variantRoutes(app, {})
  app.get(
    '/v1/variants/:skuOrBarcode',
    {
      schema: {
        operationId: 'findVariantByCode',
        security: [{}, { bearer: [] }],
        tags,
        summary: 'Find a variant by SKU or barcode (till scanner, shelf QR)',
        params: CodeParams,
        response: { 200: VariantWithProduct, 404: Problem },
      },
    },
    (req) => findVariantByCode(db, { code: req.params.skuOrBarcode, audience: audienceOf(req) }),
  )
  await categoryRoutes(app, {})
}
