/** Price list routes (pricing:manage). Resolution rules and rounding are in service.ts's header. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders, Version } from '../../platform/concurrency.js'
import { named } from '../../platform/openapi-document.js'
import { mutate } from '../../platform/idempotency.js'
import { LongPageQuery, SortAndCountQuery } from '../../platform/list-order.js'
import { Page } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { createPriceList, getPriceList, listPriceLists, PRICE_LIST_SORT_KEYS, removeListPrice, setListPrices, updatePriceList } from './service.js'
import { MAX_UNIT_PRICE } from '../../platform/money.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const tags = ['pricing']
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

const Id = Type.String({ minLength: 1, maxLength: 64 })
const GroupCode = Type.String({ maxLength: 40, pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' })
const Amount = Type.Integer({ minimum: 0, maximum: MAX_UNIT_PRICE, description: 'Tax-inclusive, integer minor units of the list currency' })
const marketplace = 'chn_01jd3x5k2v0000000000000030'

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  currency: Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$', description: 'ISO 4217; only carts in this currency use the list (default EUR)' }),
  priority: Type.Integer({
    minimum: -1000,
    maximum: 1000,
    description: 'When several lists price a variant, the highest priority wins, then the lowest price',
  }),
  active: Type.Boolean(),
  startsAt: nullable(Type.String({ format: 'date-time', maxLength: 40 })),
  endsAt: nullable(Type.String({ format: 'date-time', maxLength: 40, description: 'Exclusive' })),
  channelIds: Type.Array(Id, { maxItems: 100, description: 'Carts on these channels pay the list prices' }),
  customerGroupCodes: Type.Array(GroupCode, { maxItems: 100, description: 'Customers of these groups pay the list prices, on every channel' }),
}
const optional = Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, Type.Optional(schema)])) as {
  [K in keyof typeof fields]: ReturnType<typeof Type.Optional<(typeof fields)[K]>>
}

const PriceListBody = Type.Object(
  { code: Type.String({ maxLength: 40, pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' }), ...optional, name: fields.name },
  {
    ...closed,
    examples: [
      { code: 'marketplace', name: 'Marketplace', channelIds: [marketplace], priority: 10 },
      { code: 'staff', name: 'Personnel −30 %', customerGroupCodes: ['staff'] },
    ],
  },
)
const PriceListPatch = Type.Object(optional, { ...closed, minProperties: 1, examples: [{ active: false }, { endsAt: '2027-01-31T23:00:00.000Z' }] })
const Params = Type.Object({ id: Id }, closed)
const PriceParams = Type.Object({ id: Id, variantId: Id }, closed)

const listExample = {
  id: 'prl_01jd3x5k2v0000000000000001',
  code: 'marketplace',
  name: 'Marketplace',
  currency: 'EUR',
  priority: 10,
  active: true,
  startsAt: null,
  endsAt: null,
  channelIds: [marketplace],
  customerGroupCodes: [],
  priceCount: 1,
  version: 2,
  createdAt: '2026-11-02T09:00:00.000Z',
  updatedAt: '2026-11-02T09:00:00.000Z',
}
const listProperties = {
  id: Type.String(),
  code: Type.String(),
  ...fields,
  priceCount: Type.Integer({ minimum: 0 }),
  version: { ...Version, description: 'Raised by every write of the list’s own fields (its prices are written apart); sent as the ETag and compared with If-Match' },
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
}
const PriceListSummary = named('PriceListSummary', Type.Object(listProperties, { ...closed, examples: [listExample] }))
const ListPrice = Type.Object({ variantId: Type.String(), price: Type.Integer() }, closed)
const PriceList = named('PriceList', Type.Object(
  { ...listProperties, prices: Type.Array(ListPrice, { description: 'Every price of the list, by variant id' }) },
  { ...closed, examples: [{ ...listExample, prices: [{ variantId: 'var_01jd3x5k2v0000000000000001', price: 6490 }] }] },
))
const PriceLists = Type.Object(Page(PriceListSummary).properties, { ...closed, examples: [{ items: [listExample], nextCursor: null }] })
const PriceListQuery = Type.Object({ ...LongPageQuery, ...SortAndCountQuery(PRICE_LIST_SORT_KEYS, '-priority,code') }, closed)
const PricesBody = Type.Object(
  {
    prices: Type.Array(
      Type.Object(
        { variantId: Type.Optional(Id), sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), price: Amount },
        { ...closed, description: 'Exactly one of variantId or sku' },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  {
    ...closed,
    examples: [
      {
        prices: [
          { sku: 'ROBE-LIN-M', price: 6490 },
          { variantId: 'var_01jd3x5k2v0000000000000002', price: 4990 },
        ],
      },
    ],
  },
)
const can = { can: 'pricing:manage' as const }

export const pricingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/price-lists',
    {
      schema: {
        operationId: 'createPriceList',
        tags,
        summary: 'Create a price list',
        description:
          'A list overrides the catalogue price only where it says: on the channels it names and for the customer groups it names (at least one). 409 price-list-code-taken.',
        security: bearer,
        body: PriceListBody,
        response: { 201: PriceListSummary, ...errors, 409: Problem },
      },
      config: can,
    },
    (req, reply) => mutate(req, reply, (tx) => createPriceList(tx, req.body), { status: 201 }),
  )
  app.get(
    '/v1/price-lists',
    {
      schema: { operationId: 'listPriceLists', tags, summary: 'List price lists', description: 'Highest priority first, then by code.', security: bearer, querystring: PriceListQuery, response: { 200: PriceLists, ...errors } },
      config: can,
    },
    (req) => listPriceLists(req.server.database.db, req.query),
  )
  app.get(
    '/v1/price-lists/:id',
    { schema: { operationId: 'getPriceList', tags, summary: 'A price list with its prices', security: bearer, params: Params, response: { 200: PriceList, ...errors } }, config: can },
    (req) => getPriceList(req.server.database.db, { id: req.params.id }),
  )
  app.patch(
    '/v1/price-lists/:id',
    {
      schema: {
        operationId: 'updatePriceList',
        tags,
        summary: 'Change a price list',
        description: 'Deactivate it, move its window, change its scope or priority.',
        security: bearer,
        params: Params,
        headers: IfMatchHeaders,
        body: PriceListPatch,
        response: { 200: PriceList, ...errors, ...ConcurrencyErrors },
      },
      config: can,
    },
    (req, reply) => mutate(req, reply, (tx) => updatePriceList(tx, { id: req.params.id, changes: req.body, expectedVersion: expectedVersionOf(req) })),
  )
  app.put(
    '/v1/price-lists/:id/prices',
    {
      schema: {
        operationId: 'setListPrices',
        tags,
        summary: 'Set prices of a list (up to 1000)',
        description: 'Upserts each variant’s price, named by variantId or SKU; variants must be sold in the list currency. All or nothing.',
        security: bearer,
        params: Params,
        body: PricesBody,
        response: { 200: PriceList, ...errors },
      },
      config: can,
    },
    (req, reply) => mutate(req, reply, (tx) => setListPrices(tx, { id: req.params.id, prices: req.body.prices })),
  )
  app.delete(
    '/v1/price-lists/:id/prices/:variantId',
    {
      schema: {
        operationId: 'removeListPrice',
        tags,
        summary: 'Remove a variant’s price from a list',
        description: 'The variant goes back to the catalogue price (or another list).',
        security: bearer,
        params: PriceParams,
        response: { 204: Type.Null(), ...errors },
      },
      config: can,
    },
    async (req, reply) => {
      await mutate(req, reply, (tx) => removeListPrice(tx, { id: req.params.id, variantId: req.params.variantId }), { status: 204 })
      return null
    },
  )
}
