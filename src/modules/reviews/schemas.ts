/** TypeBox schemas of the reviews API: validation, serialisation, handler types and OpenAPI from one place. */
import { Type } from 'typebox'
import { Version } from '../../platform/concurrency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { named } from '../../platform/openapi-document.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { CHANNEL_KINDS } from '../channels/service.js'
import { REVIEW_SORT_KEYS, REVIEW_STATUSES } from './service.js'

const closed = { additionalProperties: false } as const
const Id = Type.String({ minLength: 1, maxLength: 64 })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const Time = Type.String({ format: 'date-time' })
const StatusOf = (description: string) => Type.Unsafe<(typeof REVIEW_STATUSES)[number]>({ type: 'string', enum: [...REVIEW_STATUSES], description })
const Status = StatusOf('pending → published | held | rejected; held → published | rejected; published → held | rejected; rejected is final')
const ChannelKind = Type.Unsafe<(typeof CHANNEL_KINDS)[number]>({ type: 'string', enum: [...CHANNEL_KINDS], description: 'The kind of channel she bought it on' })

const Rating = Type.Integer({ minimum: 1, maximum: 5, description: 'Stars, 1 to 5', examples: [5] })
const Title = Type.String({ maxLength: 120, description: 'Up to 120 characters; empty means none' })
const Body = Type.String({ maxLength: 4000, description: 'Up to 4000 characters; empty means none' })
const LocaleOf = (description: string) => Type.String({ minLength: 2, maxLength: 6, pattern: '^[a-z]{2,3}(-[A-Z]{2})?$', description, examples: ['fr'] })
const Locale = LocaleOf('The language she wrote in (BCP 47: `fr`, `en`, `fr-BE`); her profile’s by default')

export const IdParams = Type.Object({ id: Id }, closed)

export const ReviewBody = Type.Object(
  { rating: Rating, title: Type.Optional(Title), body: Type.Optional(Body), locale: Type.Optional(Locale) },
  { ...closed, examples: [{ rating: 5, title: 'Parfaite', body: 'Essayée à la maison : la taille 38 tombe juste, le tissu est doux.', locale: 'fr' }] },
)

export const ReviewPatch = Type.Object(
  { rating: Type.Optional(Rating), title: Type.Optional(Nullable(Title)), body: Type.Optional(Nullable(Body)), locale: Type.Optional(Locale) },
  { ...closed, description: 'The fields to change (at least one); null or empty clears a title or body. The review goes back to moderation.', examples: [{ rating: 4, body: 'Après quelques lavages, toujours impeccable.' }] },
)

export const ModerationBody = Type.Object(
  {
    status: Type.Union([Type.Literal('published'), Type.Literal('held'), Type.Literal('rejected')], { description: 'The decision: along the lifecycle only (a 409 illegal-transition otherwise)' }),
    note: Type.Optional(Type.String({ maxLength: 500, description: 'Why, for the record (her and the staff see it; the public never)' })),
  },
  { ...closed, examples: [{ status: 'published' }, { status: 'rejected', note: 'Contient des coordonnées personnelles.' }] },
)

const REVIEW_EXAMPLE = {
  id: 'rev_01jd3x5k2v0000000000000000',
  productId: 'prod_01jd3x5k2v0000000000000000',
  rating: 5,
  title: 'Parfaite',
  body: 'Essayée à la maison : la taille 38 tombe juste, le tissu est doux.',
  locale: 'fr',
  reviewer: 'Léa G.',
  verifiedPurchase: true,
  purchaseChannel: 'store',
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:00.000Z',
}

const publicFields = {
  id: Id,
  productId: Id,
  rating: Rating,
  title: Nullable(Title),
  body: Nullable(Body),
  locale: Type.String({ maxLength: 6 }),
  reviewer: Type.String({ maxLength: 40, description: 'The first word of her first name and the initial of her last name, never more, as it was when she last wrote the review' }),
  verifiedPurchase: Type.Boolean({ description: 'True while a paid order of hers for the product backs it; false once that order was cancelled and no other paid order of hers for the product is left' }),
  purchaseChannel: ChannelKind,
  createdAt: Time,
  updatedAt: Type.String({ format: 'date-time', description: 'When she last wrote it' }),
}

export const PublicReview = named('PublicReview', Type.Object(publicFields, { ...closed, examples: [REVIEW_EXAMPLE] }))

export const Review = named(
  'Review',
  Type.Object(
    {
      ...publicFields,
      customerId: Id,
      orderId: Type.String({ maxLength: 64, description: 'The purchase that verifies it' }),
      channelId: Id,
      status: Status,
      moderation: Nullable(
        Type.Object(
          { note: Nullable(Type.String({ maxLength: 500 })), by: Type.Object({ kind: Type.String({ maxLength: 20 }), id: Type.Union([Id, Type.Null()], { description: 'Which member of staff decided: shown to staff only, null for the reviewer herself' }) }, closed), at: Time },
          { ...closed, description: 'The last decision; null while pending' },
        ),
      ),
      version: Version,
    },
    {
      ...closed,
      examples: [
        {
          ...REVIEW_EXAMPLE,
          customerId: 'cus_01jd3x5k2v0000000000000000',
          orderId: 'ord_01jd3x5k2v0000000000000000',
          channelId: 'chn_01jd3x5k2v0000000000000010',
          status: 'published',
          moderation: { note: null, by: { kind: 'staff', id: 'stf_01jd3x5k2v0000000000000000' }, at: '2026-12-07T11:00:00.000Z' },
          version: 2,
        },
      ],
    },
  ),
)

const Count = Type.Integer({ minimum: 0 })

export const ReviewAggregate = Type.Object(
  {
    count: Count,
    averageTenths: Nullable(Type.Integer({ minimum: 10, maximum: 50, description: 'The average rating in integer tenths, rounded half up: 43 means 4.3 stars; null without a published review' })),
    distribution: Type.Object({ '1': Count, '2': Count, '3': Count, '4': Count, '5': Count }, { ...closed, description: 'How many published reviews gave each rating' }),
  },
  { ...closed, description: 'Over every published review of the product (whatever the page or locale asked)' },
)

const Sort = (defaultOrder: string) => SortAndCountQuery(REVIEW_SORT_KEYS, defaultOrder)

export const ProductReviewsQuery = Type.Object(
  { ...PageQuery, ...Sort('-createdAt (newest first); `-rating` for the best first'), locale: Type.Optional(LocaleOf('Only the reviews written in this language')) },
  closed,
)

export const CustomerReviewsQuery = Type.Object({ ...PageQuery, status: Type.Optional(Status), ...Sort('-createdAt (newest first)') }, closed)

export const ReviewQueueQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(StatusOf('The queue: `pending`; without it, every status')), productId: Type.Optional(Id), ...Sort('createdAt (oldest first: the longest waiting)') },
  closed,
)

const { items, nextCursor, totalCount } = Page(PublicReview).properties
export const ProductReviewPage = named(
  'ProductReviewPage',
  Type.Object({ items, nextCursor, totalCount, aggregate: ReviewAggregate }, { ...closed, examples: [{ items: [REVIEW_EXAMPLE], nextCursor: null, aggregate: { count: 3, averageTenths: 43, distribution: { '1': 0, '2': 0, '3': 1, '4': 0, '5': 2 } } }] }),
)

export const ReviewPage = Page(Review)
