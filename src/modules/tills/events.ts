/** Events of the tills module, scoped to the till's store so that its staff see them on SSE and webhooks. */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const TILL_EVENTS = {
  sessionOpened: 'tills.session_opened',
  cashMoved: 'tills.cash_moved',
  sessionClosed: 'tills.session_closed',
} as const

const Session = { sessionId: S.id(), locationId: S.id(), register: S.id('The register within the store, e.g. till-1') }

export const TILL_EVENT_DEFINITIONS = defineEvents({
  [TILL_EVENTS.sessionOpened]: {
    description: 'A register was opened with a float counted into its drawer. Scoped to its store.',
    payload: payload({ ...Session, float: S.amount('Cash counted at opening, integer minor units'), currency: S.currency(), staffId: S.nullable(S.id()) }),
  },
  [TILL_EVENTS.cashMoved]: {
    description: 'Cash was put into (in) or taken out of (out) an open register outside a sale, with the reason. Scoped to its store.',
    payload: payload({
      ...Session,
      movementId: S.id(),
      direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
      amount: S.amount(),
      currency: S.currency(),
      reason: S.text(),
      staffId: S.nullable(S.id()),
    }),
  },
  [TILL_EVENTS.sessionClosed]: {
    description: 'A register was closed with its cash counted: expected cash, counted cash and the variance (counted − expected). Scoped to its store.',
    payload: payload({ ...Session, expected: S.amount(), counted: S.amount(), variance: S.amount(), currency: S.currency(), staffId: S.nullable(S.id()) }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof TILL_EVENT_DEFINITIONS> {}
}
