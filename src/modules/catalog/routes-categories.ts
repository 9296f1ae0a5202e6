/** Category routes: the public category tree, and categories created by catalogue staff. See categories.ts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { named } from '../../platform/openapi-document.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { CATEGORY_SORT_KEYS, createCategory, getCategory, listCategories } from './service.js'

const closed = { additionalProperties: false } as const
const Id = Type.String({ minLength: 1, maxLength: 128 })
const Localized = (max: number, min = 0) =>
  Type.Object({ fr: Type.String({ minLength: min, maxLength: max }), en: Type.String({ minLength: min, maxLength: max }) }, closed)
const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' })
const Timestamps = { createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }) }
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const auth = [{ bearer: [] }]
const tags = ['catalog']
const write = { can: 'catalog:write' } as const

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
const CategoryParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128, description: 'Category id or code' }) }, closed)
const CategoryQuery = Type.Object(
  {
    ...PageQuery,
    parent: Type.Optional(Type.String({ maxLength: 128, description: 'Only the children of this category (id or code)' })),
    ...SortAndCountQuery(CATEGORY_SORT_KEYS, 'creation order'),
  },
  closed,
)

export const categoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.database.db
  app.get(
    '/v1/categories',
    {
      schema: {
        operationId: 'listCategories',
        security: [],
        tags,
        summary: 'List categories (public)',
        querystring: CategoryQuery,
        response: { 200: Page(Category), 400: Problem },
      },
    },
    (req) => listCategories(db, req.query),
  )
  app.post(
    '/v1/categories',
    {
      schema: { operationId: 'createCategory', tags, summary: 'Create a category', security: auth, body: CategoryBody, response: { 201: Category, ...errors } },
      config: write,
    },
    (req, reply) => mutate(req, reply, (tx) => createCategory(tx, req.body), { status: 201 }),
  )
  app.get(
    '/v1/categories/:id',
    {
      schema: {
        operationId: 'getCategory',
        security: [],
        tags,
        summary: 'A category with its children (public)',
        params: CategoryParams,
        response: { 200: CategoryDetail, 404: Problem },
      },
    },
    (req) => getCategory(db, req.params.id),
  )
}
