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
import {
  addVariant,
  archiveProduct,
  createCategory,
  createProduct,
  findVariantByCode,
  getCategory,
  getProduct,
  listCategories,
  CATEGORY_SORT_KEYS,
  PRODUCT_SORT_KEYS,
  listProducts,
  updateProduct,
  updateVariant,
  type Audience,
} from './service.js'

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
const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' })
const Image = Type.Object({ url: Type.String({ format: 'uri', maxLength: 2000 }) }, closed)

const MoneyIn = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: MAX_UNIT_PRICE, description: 'Minor units, tax included' }),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$', default: 'EUR', description: 'ISO 4217' })),
  },
  closed,
)
const eur = (amount: number) => ({ amount, currency: 'EUR' })
const dressTitle = { fr: 'Robe en lin lavande', en: 'Lavender linen dress' }
const dressImages = [{ url: 'https://cdn.maison-lumiere.fr/produits/robe-lin-lavande-1.jpg' }]
const dressSummary = { handle: 'robe-lin-lavande', status: 'active', title: dressTitle, brand: 'Maison Lumière', vatRate: 2000, images: dressImages }
const variantExample = (size: string, barcode: string) => ({
  sku: `ML-ROBE-LIN-LAV-${size}`,
  barcode,
  options: { taille: size, couleur: 'Lavande' },
  price: eur(8900),
})
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
const VariantBody = Type.Object(
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
const Variant = named('Variant', Type.Object(
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
))
const Product = named('Product', Type.Object(
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
    version: { ...Version, description: 'Raised by every write of the product’s own fields (each variant has its own); sent as the ETag and compared with If-Match' },
    ...Timestamps,
  },
  closed,
))
const ProductSummary = named('ProductSummary', Type.Object(
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
))
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
const CategoryFields = {
  id: Type.String({ examples: ['cat_01jd3x5k2v0000000000000000'] }),
  code: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  name: Localized(100),
  ...Timestamps,
}
const Category = named('Category', Type.Object(CategoryFields, closed))
const CategoryDetail = Type.Object({ ...CategoryFields, children: Type.Array(Category) }, closed)
const CategoryBody = Type.Object(
  { code: Code, name: Localized(100, 1), parentId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'Id or code of a top-level category' })) },
  {
    ...closed,
    examples: [
      { code: 'robes', name: { fr: 'Robes', en: 'Dresses' }, parentId: 'femme' },
      { code: 'femme', name: { fr: 'Femme', en: 'Women' } },
    ],
  },
)

const ProductParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128, description: 'Product id or handle' }) }, closed)
const VariantParams = Type.Object({ id: ProductParams.properties.id, variantId: Id }, closed)
const CodeParams = Type.Object({ skuOrBarcode: Type.String({ minLength: 1, maxLength: 64, description: 'SKU (any case) or EAN-13 barcode' }) }, closed)
const CategoryParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128, description: 'Category id or code' }) }, closed)
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
const CategoryQuery = Type.Object(
  { ...PageQuery, parent: Type.Optional(Type.String({ maxLength: 128, description: 'Only the children of this category (id or code)' })), ...SortAndCountQuery(CATEGORY_SORT_KEYS, 'creation order') },
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
      schema: { operationId: 'createProduct', tags, summary: 'Create a product with its variants', security: auth, body: ProductBody, response: { 201: Product, ...errors } },
      config: write,
    },
    (req, reply) => mutate(req, reply, (tx) => createProduct(tx, req.body), { status: 201 }),
  )
  app.get(
    '/v1/products/:id',
    { schema: { operationId: 'getProduct', security: [{}, { bearer: [] }], tags, summary: 'A product with its variants (public: active ones)', params: ProductParams, response: { 200: Product, 404: Problem } } },
    (req) => getProduct(db, { idOrHandle: req.params.id, audience: audienceOf(req) }),
  )
  app.patch(
    '/v1/products/:id',
    {
      schema: { operationId: 'updateProduct', tags, summary: 'Change a product', security: auth, params: ProductParams, headers: IfMatchHeaders, body: ProductPatch, response: { 200: Product, ...errors, ...ConcurrencyErrors } },
      config: write,
    },
    (req, reply) => mutate(req, reply, (tx) => updateProduct(tx, { idOrHandle: req.params.id, changes: req.body, expectedVersion: expectedVersionOf(req) })),
  )
  app.delete(
    '/v1/products/:id',
    {
      schema: { operationId: 'archiveProduct', tags, summary: 'Archive a product (products are never deleted)', security: auth, params: ProductParams, headers: IfMatchHeaders, response: { 200: Product, ...errors, ...ConcurrencyErrors } },
      config: write,
    },
    (req, reply) => mutate(req, reply, (tx) => archiveProduct(tx, { idOrHandle: req.params.id, expectedVersion: expectedVersionOf(req) })),
  )
  app.post(
    '/v1/products/:id/variants',
    {
      schema: { operationId: 'addVariant', tags, summary: 'Add a variant to a product', security: auth, params: ProductParams, body: VariantBody, response: { 201: Variant, ...errors } },
      config: write,
    },
    (req, reply) => mutate(req, reply, (tx) => addVariant(tx, { product: req.params.id, variant: req.body }), { status: 201 }),
  )
  app.patch(
    '/v1/products/:id/variants/:variantId',
    {
      schema: { operationId: 'updateVariant', tags, summary: 'Change a variant', security: auth, params: VariantParams, headers: IfMatchHeaders, body: VariantPatch, response: { 200: Variant, ...errors, ...ConcurrencyErrors } },
      config: write,
    },
    (req, reply) => mutate(req, reply, (tx) => updateVariant(tx, { product: req.params.id, variantId: req.params.variantId, changes: req.body, expectedVersion: expectedVersionOf(req) })),
  )
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
  app.get(
    '/v1/categories',
    { schema: { operationId: 'listCategories', security: [], tags, summary: 'List categories (public)', querystring: CategoryQuery, response: { 200: Page(Category), 400: Problem } } },
    (req) => listCategories(db, req.query),
  )
  app.post(
    '/v1/categories',
    { schema: { operationId: 'createCategory', tags, summary: 'Create a category', security: auth, body: CategoryBody, response: { 201: Category, ...errors } }, config: write },
    (req, reply) => mutate(req, reply, (tx) => createCategory(tx, req.body), { status: 201 }),
  )
  app.get(
    '/v1/categories/:id',
    { schema: { operationId: 'getCategory', security: [], tags, summary: 'A category with its children (public)', params: CategoryParams, response: { 200: CategoryDetail, 404: Problem } } },
    (req) => getCategory(db, req.params.id),
  )
}
