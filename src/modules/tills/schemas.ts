/** TypeBox schemas of the tills API: validation, serialisation, handler types and OpenAPI from one place. */
import { Type } from 'typebox'
import { named } from '../../platform/openapi-document.js'
import { MAX_ENTERED_AMOUNT, Money } from '../../platform/money.js'
import { PAYMENT_METHODS } from '../orders/service.js'

const closed = { additionalProperties: false } as const
const Id = Type.String({ minLength: 1, maxLength: 64 })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const Time = Type.String({ format: 'date-time' })
const Currency = Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$', description: 'ISO 4217' })
const Method = Type.Unsafe<(typeof PAYMENT_METHODS)[number]>({ type: 'string', enum: [...PAYMENT_METHODS], description: 'A tender of the orders module' })

const Register = Type.String({
  minLength: 1,
  maxLength: 32,
  pattern: '^[a-z0-9][a-z0-9-]{0,31}$',
  description: 'The register within the store: lower-case letters, digits and hyphens, e.g. `till-1`',
  examples: ['till-1'],
})

/** Cash entered by hand: integer minor units, never negative, bounded like every amount typed at a till. */
const CashAmount = (minimum: number, description: string) =>
  Type.Object({ amount: Type.Integer({ minimum, maximum: MAX_ENTERED_AMOUNT, description: 'Minor units (cents)' }), currency: Currency }, { ...closed, description })

export const IdParams = Type.Object({ id: Id }, closed)
export const RegisterParams = Type.Object({ id: Id, register: Register }, closed)

export const OpenTillBody = Type.Object({ float: CashAmount(0, 'The cash counted into the drawer at opening (0 for an empty drawer)') }, { ...closed, examples: [{ float: { amount: 20000, currency: 'EUR' } }] })

export const CashMovementBody = Type.Object(
  {
    direction: Type.Union([Type.Literal('in'), Type.Literal('out')], { description: 'in: cash put into the drawer (change brought in); out: cash taken out (a bank deposit, a petty expense)' }),
    amount: CashAmount(1, 'How much cash moved'),
    reason: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'Why the cash moved, as the drawer’s log shows it' }),
  },
  { ...closed, examples: [{ direction: 'out', amount: { amount: 5000, currency: 'EUR' }, reason: 'Bank deposit' }] },
)

export const CloseTillBody = Type.Object(
  {
    counted: CashAmount(0, 'The cash counted in the drawer at close'),
    note: Type.Optional(Type.String({ maxLength: 500, description: 'Why the count differs, or anything the manager should know' })),
  },
  { ...closed, examples: [{ counted: { amount: 21900, currency: 'EUR' }, note: 'Short by 0.90 €' }] },
)

export const DayQuery = Type.Object(
  {
    date: Type.String({ format: 'date', maxLength: 10, description: 'The day, YYYY-MM-DD, from midnight to midnight in the location’s time zone', examples: ['2026-12-07'] }),
    currency: Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$', default: 'EUR', description: 'The currency counted (ISO 4217); amounts in other currencies are left out' }),
  },
  closed,
)

export const TillSession = named(
  'TillSession',
  Type.Object(
    {
      id: Id,
      locationId: Id,
      register: Register,
      status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
      float: Money,
      openedByStaffId: Nullable(Id),
      openedAt: Time,
      closedByStaffId: Nullable(Id),
      closedAt: Nullable(Time),
      counted: Nullable(Money),
      expected: Nullable(Money),
      variance: Nullable(Money),
      closeNote: Nullable(Type.String()),
    },
    closed,
  ),
)

export const TillRegister = named(
  'TillRegister',
  Type.Object(
    { locationId: Id, register: Register, openSession: Nullable(TillSession), lastSession: Nullable(TillSession) },
    { ...closed, description: 'A register of a store: its open session if any, and its latest session (the last closed one when none is open)' },
  ),
)

export const CashMovement = named(
  'TillCashMovement',
  Type.Object(
    { id: Id, sessionId: Id, direction: Type.Union([Type.Literal('in'), Type.Literal('out')]), amount: Money, reason: Type.String(), staffId: Nullable(Id), createdAt: Time },
    {
      ...closed,
      examples: [
        { id: 'tcm_01jd3x5k2v0000000000000000', sessionId: 'till_01jd3x5k2v0000000000000000', direction: 'out', amount: { amount: 5000, currency: 'EUR' }, reason: 'Bank deposit', staffId: 'stf_01jd3x5k2v0000000000000000', createdAt: '2026-12-07T16:30:00.000Z' },
      ],
    },
  ),
)

const Count = Type.Integer({ minimum: 0 })

export const TillReport = named(
  'TillReport',
  Type.Object(
    {
      kind: Type.Union([Type.Literal('x'), Type.Literal('z')], { description: 'x: read while the session runs; z: frozen at close' }),
      sessionId: Id,
      locationId: Id,
      register: Register,
      openedAt: Time,
      until: Type.String({ format: 'date-time', description: 'End of the window: the close (z) or when the report was read (x)' }),
      currency: Currency,
      tenders: Type.Array(
        Type.Object({ method: Method, sales: Type.Object({ count: Count, amount: Money }, closed), refunds: Type.Object({ count: Count, amount: Money }, closed) }, closed),
        { description: 'Every tender, zero ones included: payments taken at this store’s till and refunds given here during the session' },
      ),
      cash: Type.Object(
        {
          float: Money,
          sales: Money,
          tendered: Money,
          change: Money,
          cashIn: Money,
          cashOut: Money,
          refunds: Money,
          expected: Money,
          counted: Nullable(Money),
          variance: Nullable(Money),
        },
        { ...closed, description: 'expected = float + tendered − change + cashIn − cashOut − refunds; variance = counted − expected (z only)' },
      ),
      movements: Type.Array(Type.Object({ id: Id, direction: Type.Union([Type.Literal('in'), Type.Literal('out')]), amount: Money, reason: Type.String(), staffId: Nullable(Id), createdAt: Time }, closed)),
    },
    closed,
  ),
)

export const CloseTillAnswer = Type.Object({ session: TillSession, report: TillReport }, closed)

const eur = (amount: number) => ({ amount, currency: 'EUR' })
const STORE_DAY_EXAMPLE = {
  locationId: 'loc_01jd3x5k2v0000000000000000',
  date: '2026-12-07',
  timezone: 'Europe/Paris',
  from: '2026-12-06T23:00:00.000Z',
  to: '2026-12-07T23:00:00.000Z',
  currency: 'EUR',
  tenders: [
    { method: 'cash', count: 4, amount: eur(21960) },
    { method: 'card_terminal', count: 7, amount: eur(48930) },
  ],
  sellers: [{ staffId: 'stf_01jd3x5k2v0000000000000000', name: 'Inès Moreau', orderCount: 11, total: eur(70890) }],
  orders: { count: 11, total: eur(70890), averageBasket: eur(6445) },
  clickAndCollect: { toPrepare: 2, incoming: 1, readyToHandOver: 3 },
  returns: { received: 1, total: eur(5990), refunds: [{ method: 'cash', count: 1, amount: eur(5990) }] },
}

export const StoreDay = named(
  'StoreDay',
  Type.Object(
    {
      locationId: Id,
      date: Type.String({ format: 'date' }),
      timezone: Type.String(),
      from: Time,
      to: Time,
      currency: Currency,
      tenders: Type.Array(Type.Object({ method: Method, count: Count, amount: Money }, closed), { description: 'What the store’s till took, per tender' }),
      sellers: Type.Array(Type.Object({ staffId: Nullable(Id), name: Nullable(Type.String()), orderCount: Count, total: Money }, closed), {
        description: 'Orders placed at the store, per seller (placedByStaffId), best first; staffId null for orders without a seller (kiosk)',
      }),
      orders: Type.Object({ count: Count, total: Money, averageBasket: Money }, closed),
      clickAndCollect: Type.Object({ toPrepare: Count, incoming: Count, readyToHandOver: Count }, { ...closed, description: 'The pickup work waiting now (whatever the date)' }),
      returns: Type.Object({ received: Count, total: Money, refunds: Type.Array(Type.Object({ method: Type.String(), count: Count, amount: Money }, closed)) }, closed),
    },
    { ...closed, examples: [STORE_DAY_EXAMPLE] },
  ),
)

