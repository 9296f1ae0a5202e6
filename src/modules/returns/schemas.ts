/** TypeBox schemas of the returns API: validation, serialisation, handler types and OpenAPI from one place. */
import { Type } from 'typebox'
import { CountQuery, CreatedRangeQuery, SortQuery } from '../../platform/list-order.js'
import { named } from '../../platform/openapi-document.js'
import { Money } from '../../platform/money.js'
import { PageQuery } from '../../platform/pagination.js'
import { ContactBody, FulfilmentRequestBody, TenderBody } from '../orders/service.js'
import { ITEM_CONDITIONS, REFUND_METHODS, RETURN_METHODS, RETURN_REASONS, RETURN_STATUSES } from './schema.js'

const closed = { additionalProperties: false } as const
const literals = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) })
const Id = Type.String({ minLength: 1, maxLength: 64 })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

const Reason = literals(RETURN_REASONS, 'wrong_size, not_as_described, damaged, changed_mind, late or other')
const Condition = literals(ITEM_CONDITIONS, 'resellable units go back on the shelf; damaged ones do not')
const RefundMethod = literals(REFUND_METHODS, 'original_payment (newest tender first; cash back at this till) or store_credit')

const Exchange = Type.Object(
  {
    lines: Type.Array(Type.Object({ variantId: Id, quantity: Type.Integer({ minimum: 1, maximum: 999 }) }, closed), { minItems: 1, maxItems: 50 }),
    fulfilment: FulfilmentRequestBody,
    payments: Type.Optional(Type.Array(TenderBody, { maxItems: 4, description: 'Tenders for the difference when the new items cost more than the returned goods' })),
    contact: Type.Optional(ContactBody),
  },
  {
    ...closed,
    description:
      'Exchange in one operation (in store only): the returned goods pay for these items; the difference is paid with `payments` or refunded by refundMethod.',
  },
)

export const ReturnBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        {
          orderLineId: Id,
          quantity: Type.Integer({ minimum: 1, maximum: 999 }),
          reason: Reason,
          reasonNote: Type.Optional(Type.String({ maxLength: 500 })),
          condition: Type.Optional(Condition),
        },
        closed,
      ),
      { minItems: 1, maxItems: 100 },
    ),
    refundMethod: Type.Optional(RefundMethod),
    locationId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Staff with the goods in hand: the store where they are handed in (in_store, received and refunded at once)',
      }),
    ),
    overrideWindow: Type.Optional(Type.Boolean({ description: 'Staff only: take the return although the window has closed (needs overrideNote)' })),
    overrideNote: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    exchange: Type.Optional(Exchange),
  },
  {
    ...closed,
    examples: [
      {
        lines: [{ orderLineId: 'oln_01jd3x5k2v0000000000000000', quantity: 1, reason: 'wrong_size', condition: 'resellable' }],
        locationId: 'loc_01jd3x5k2v0000000000000000',
        refundMethod: 'original_payment',
      },
      { lines: [{ orderLineId: 'oln_01jd3x5k2v0000000000000000', quantity: 1, reason: 'changed_mind' }], refundMethod: 'store_credit' },
      {
        lines: [{ orderLineId: 'oln_01jd3x5k2v0000000000000000', quantity: 1, reason: 'wrong_size' }],
        locationId: 'loc_01jd3x5k2v0000000000000000',
        exchange: { lines: [{ variantId: 'var_01jd3x5k2v0000000000000000', quantity: 1 }], fulfilment: { method: 'in_store' } },
      },
    ],
  },
)

export const ReceiveBody = Type.Object(
  {
    locationId: Type.String({ minLength: 1, maxLength: 64, description: 'The warehouse or store where the parcel was opened' }),
    lines: Type.Optional(
      Type.Array(Type.Object({ id: Id, condition: Condition }, closed), { maxItems: 100, description: 'Condition per return line; resellable when left out' }),
    ),
  },
  { ...closed, examples: [{ locationId: 'loc_01jd3x5k2v0000000000000000', lines: [{ id: 'rtl_01jd3x5k2v0000000000000000', condition: 'damaged' }] }] },
)

export const CancelBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { ...closed, examples: [{ reason: 'customer_kept_item' }] })

export const Return = named('Return', Type.Object(
  {
    id: Type.String(),
    number: Type.Integer(),
    orderId: Type.String(),
    customerId: Nullable(Type.String()),
    channelId: Type.String({ description: 'Where the return was taken: a store channel, the phone channel, or the order’s own channel (mail)' }),
    receivingLocationId: Nullable(Type.String()),
    method: literals(RETURN_METHODS),
    status: literals(RETURN_STATUSES),
    refundMethod: RefundMethod,
    labelReference: Nullable(Type.String({ description: 'RMA reference to write on the parcel (mail and phone returns)' })),
    lines: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          orderLineId: Type.String(),
          variantId: Type.String(),
          sku: Type.String(),
          quantity: Type.Integer(),
          reason: Reason,
          reasonNote: Nullable(Type.String()),
          condition: Nullable(Condition),
          restocked: Type.Boolean(),
          unitRefund: Money,
          lineTotal: Money,
          vatRate: Type.Integer(),
        },
        closed,
      ),
    ),
    totals: Type.Object(
      {
        goods: Money,
        shipping: Money,
        vat: Type.Array(Type.Object({ rate: Type.Integer(), amount: Money }, closed)),
        total: Money,
        exchanged: Money,
        refunded: Money,
      },
      closed,
    ),
    refunds: Type.Array(Type.Object({ paymentId: Nullable(Type.String()), method: Type.String(), amount: Money }, closed)),
    exchangeOrderId: Nullable(Type.String({ description: 'The new order of an exchange' })),
    windowOverridden: Type.Boolean(),
    overrideNote: Nullable(Type.String()),
    note: Nullable(Type.String()),
    takenByStaffId: Nullable(Type.String()),
    receivedByStaffId: Nullable(Type.String()),
    history: Type.Array(
      Type.Object(
        { from: Nullable(Type.String()), to: Type.String(), actorKind: Type.String(), note: Nullable(Type.String()), at: Type.String({ format: 'date-time' }) },
        closed,
      ),
    ),
    createdAt: Type.String({ format: 'date-time' }),
    receivedAt: Nullable(Type.String({ format: 'date-time' })),
    refundedAt: Nullable(Type.String({ format: 'date-time' })),
    cancelledAt: Nullable(Type.String({ format: 'date-time' })),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  {
    ...closed,
    examples: [
      {
        id: 'ret_01jd3x5k2v0000000000000000',
        number: 500001,
        orderId: 'ord_01jd3x5k2v0000000000000000',
        customerId: 'cus_01jd3x5k2v0000000000000000',
        channelId: 'chn_01jd3x5k2v0000000000000000',
        receivingLocationId: 'loc_01jd3x5k2v0000000000000000',
        method: 'in_store',
        status: 'refunded',
        refundMethod: 'original_payment',
        labelReference: null,
        lines: [
          {
            id: 'rtl_01jd3x5k2v0000000000000000',
            orderLineId: 'oln_01jd3x5k2v0000000000000000',
            variantId: 'var_01jd3x5k2v0000000000000000',
            sku: 'ROBE-LIN-M',
            quantity: 1,
            reason: 'wrong_size',
            reasonNote: null,
            condition: 'resellable',
            restocked: true,
            unitRefund: { amount: 5990, currency: 'EUR' },
            lineTotal: { amount: 5990, currency: 'EUR' },
            vatRate: 2000,
          },
        ],
        totals: {
          goods: { amount: 5990, currency: 'EUR' },
          shipping: { amount: 0, currency: 'EUR' },
          vat: [{ rate: 2000, amount: { amount: 998, currency: 'EUR' } }],
          total: { amount: 5990, currency: 'EUR' },
          exchanged: { amount: 0, currency: 'EUR' },
          refunded: { amount: 5990, currency: 'EUR' },
        },
        refunds: [{ paymentId: 'pay_01jd3x5k2v0000000000000000', method: 'card', amount: { amount: 5990, currency: 'EUR' } }],
        exchangeOrderId: null,
        windowOverridden: false,
        overrideNote: null,
        note: null,
        takenByStaffId: 'stf_01jd3x5k2v0000000000000000',
        receivedByStaffId: 'stf_01jd3x5k2v0000000000000000',
        history: [
          { from: null, to: 'received', actorKind: 'staff', note: null, at: '2025-03-02T10:15:00.000Z' },
          { from: 'received', to: 'refunded', actorKind: 'staff', note: null, at: '2025-03-02T10:15:00.000Z' },
        ],
        createdAt: '2025-03-02T10:15:00.000Z',
        receivedAt: '2025-03-02T10:15:00.000Z',
        refundedAt: '2025-03-02T10:15:00.000Z',
        cancelledAt: null,
        updatedAt: '2025-03-02T10:15:00.000Z',
      },
    ],
  },
))

export const ReturnPolicy = named('ReturnPolicy', Type.Object(
  {
    channelId: Type.String(),
    windowDays: Type.Integer(),
    isDefault: Type.Boolean({ description: 'No policy of its own: the default 30 days apply' }),
    updatedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { ...closed, examples: [{ channelId: 'chn_01jd3x5k2v0000000000000000', windowDays: 30, isDefault: true, updatedAt: null }] },
))
export const ReturnPolicyBody = Type.Object(
  { windowDays: Type.Integer({ minimum: 0, maximum: 3650, description: 'Days after hand-over during which orders of this channel may be returned' }) },
  { ...closed, examples: [{ windowDays: 60 }] },
)

export const IdParams = Type.Object({ id: Id }, closed)
export const RETURN_SORT_KEYS = ['createdAt', 'total', 'number'] as const
const ReturnSort = SortQuery(RETURN_SORT_KEYS, 'newest first')
export const ListQuery = Type.Object(
  { ...PageQuery, locationId: Type.Optional(Id), channelId: Type.Optional(Id), status: Type.Optional(literals(RETURN_STATUSES)), ...CreatedRangeQuery, sort: ReturnSort, ...CountQuery },
  closed,
)
export const PageOnlyQuery = Type.Object({ ...PageQuery, sort: ReturnSort, ...CountQuery }, closed)
