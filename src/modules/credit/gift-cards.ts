/**
 * Gift cards: sold at any channel for an amount, spent as a tender on every channel (in part, until the balance is
 * gone or the card expires), credited back by refunds. Owns `gift_cards` and `gift_card_entries` (its ledger).
 * Invariants: the balance equals the sum of the card's entries and stays between 0 and the issued amount — every
 * change is one guarded UPDATE and a CHECK backs it, so concurrent spends on any channels can never overdraw a card;
 * nothing is spent from a disabled or expired card, nor in another currency; the PIN is checked before any spend
 * (gift-card-pins.ts); neither the code nor the PIN ever appears in an event, and the PIN only in the issue answer.
 * Events: credit.gift_card_issued, credit.gift_card_changed, credit.gift_card_disabled.
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { can, type Actor, type ActorRef } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { countWhen, defineListOrder, planList, type ListWindow } from '../../platform/list-order.js'
import { newId } from '../../platform/ids.js'
import { notFound } from '../../platform/problems.js'
import { findCustomer } from '../customers/service.js'
import { giftCardAdjustmentOutOfRange, giftCardExpiryInPast, giftCardInsufficient, giftCardUnusable, giftCardWrongCurrency } from './gift-card-errors.js'
import { newGiftCardCode, newGiftCardPin, normalizeGiftCardCode, unlockGiftCard, type GiftCardRow, type ProvenGiftCardPins } from './gift-card-pins.js'
import { GIFT_CARD_EVENTS } from './events.js'
import { giftCardEntries, giftCards } from './schema.js'

type Reason = (typeof giftCardEntries.$inferInsert)['reason']
type Money = { amount: number; currency: string }

const expiredSql = sql<boolean>`coalesce(${giftCards.expiresAt} <= now(), false)`

async function record(
  tx: Tx,
  card: Pick<GiftCardRow, 'id' | 'customerId'>,
  input: { delta: number; balance: number; reason: Reason; orderId?: string | null; paymentId?: string | null; note?: string | null; actor: ActorRef },
) {
  await tx
    .insert(giftCardEntries)
    .values({
      id: newId('gce'),
      giftCardId: card.id,
      delta: input.delta,
      reason: input.reason,
      orderId: input.orderId ?? null,
      paymentId: input.paymentId ?? null,
      note: input.note ?? null,
      actorKind: input.actor.kind,
      actorId: input.actor.id,
    })
  if (input.reason === 'issue') return
  const payload = {
    giftCardId: card.id,
    delta: input.delta,
    balance: input.balance,
    reason: input.reason,
    orderId: input.orderId ?? null,
    paymentId: input.paymentId ?? null,
  }
  await emit(tx, GIFT_CARD_EVENTS.changed, payload, { customerId: card.customerId })
}

/**
 * Issues a card; the answer is the only place its PIN ever appears. The code is unique (a collision draws again).
 * Without `expiresAt` it is valid `validityMonths` (the shop's GIFT_CARD_VALIDITY_MONTHS).
 */
export async function issueGiftCard(
  tx: Tx,
  input: { amount: number; currency: string; expiresAt?: string; customerId?: string; note?: string; validityMonths: number; actor: ActorRef },
) {
  if (input.customerId && !(await findCustomer(tx, input.customerId))) throw notFound('Customer', input.customerId, '/body/customerId')
  if (input.expiresAt !== undefined && new Date(input.expiresAt).getTime() <= Date.now()) throw giftCardExpiryInPast()
  const expiresAt = input.expiresAt === undefined ? sql`now() + make_interval(months => ${input.validityMonths})` : new Date(input.expiresAt)
  const { pin, pinHash } = await newGiftCardPin()
  let card: GiftCardRow | undefined
  // ON CONFLICT keeps the transaction usable on a (1 in 2^80) collision, where a unique violation would abort it.
  for (let attempt = 0; attempt < 5 && !card; attempt += 1) {
    ;[card] = await tx
      .insert(giftCards)
      .values({
        id: newId('gft'),
        code: newGiftCardCode(),
        pinHash,
        currency: input.currency,
        initialAmount: input.amount,
        balance: input.amount,
        expiresAt,
        customerId: input.customerId ?? null,
        issuedByKind: input.actor.kind,
        issuedById: input.actor.id,
      })
      .onConflictDoNothing({ target: giftCards.code })
      .returning()
  }
  if (!card) throw new Error('no free gift card code after 5 draws')
  await record(tx, card, { delta: card.initialAmount, balance: card.balance, reason: 'issue', note: input.note, actor: input.actor })
  await emit(
    tx,
    GIFT_CARD_EVENTS.issued,
    { giftCardId: card.id, amount: card.initialAmount, currency: card.currency, expiresAt: card.expiresAt?.toISOString() ?? null, customerId: card.customerId },
    { customerId: card.customerId },
  )
  return { id: card.id, code: card.code, pin, balance: { amount: card.balance, currency: card.currency }, expiresAt: card.expiresAt?.toISOString() ?? null }
}

function statusOf(card: GiftCardRow, expired: boolean): 'active' | 'disabled' | 'expired' {
  return card.status === 'disabled' ? 'disabled' : expired ? 'expired' : 'active'
}

/** What the holder of a code and PIN may learn: balance, currency, expiry and status. */
export async function checkGiftCardBalance(tx: Tx, input: { code: string; pin: string }) {
  const card = await unlockGiftCard(tx, { ...input, field: '/body' })
  return { balance: { amount: card.balance, currency: card.currency }, expiresAt: card.expiresAt?.toISOString() ?? null, status: statusOf(card, card.expired) }
}

/**
 * Spends `amount` from the card behind code and PIN, for a payment of an order. The debit is one guarded UPDATE, so
 * whatever the concurrency the balance never goes below zero; when it matches nothing, the reason is read back.
 */
export async function spendGiftCard(
  tx: Tx,
  input: { code: string; pin: string; amount: number; currency: string; orderId: string; paymentId: string; actor: ActorRef; field: string; proven?: ProvenGiftCardPins },
): Promise<{ giftCardId: string; balance: number }> {
  const card = await unlockGiftCard(tx, input, input.proven)
  const [row] = await tx
    .update(giftCards)
    .set({ balance: sql`${giftCards.balance} - ${input.amount}`, updatedAt: sql`now()` })
    .where(
      sql`${giftCards.id} = ${card.id} and ${giftCards.status} = 'active' and (${giftCards.expiresAt} is null or ${giftCards.expiresAt} > now()) and ${giftCards.currency} = ${input.currency} and ${giftCards.balance} >= ${input.amount}`,
    )
    .returning({ balance: giftCards.balance })
  if (!row) {
    const [now] = await tx.select({ card: giftCards, expired: expiredSql }).from(giftCards).where(eq(giftCards.id, card.id))
    if (!now || now.card.status === 'disabled') throw giftCardUnusable('disabled', input.field)
    if (now.expired) throw giftCardUnusable('expired', input.field)
    if (now.card.currency !== input.currency) throw giftCardWrongCurrency(now.card.currency, input.currency, input.field)
    throw giftCardInsufficient(now.card.balance, input.amount, input.field)
  }
  await record(tx, card, {
    delta: -input.amount,
    balance: row.balance,
    reason: 'spend',
    orderId: input.orderId,
    paymentId: input.paymentId,
    actor: input.actor,
  })
  return { giftCardId: card.id, balance: row.balance }
}

/** True when the card can take `amount` back now: active, not expired, and not above what it was issued for. */
export async function giftCardAcceptsCredit(tx: Tx, giftCardId: string, amount: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: giftCards.id })
    .from(giftCards)
    .where(and(eq(giftCards.id, giftCardId), creditable(amount)))
  return row !== undefined
}

function creditable(amount: number) {
  return sql`${giftCards.status} = 'active' and (${giftCards.expiresAt} is null or ${giftCards.expiresAt} > now()) and ${giftCards.balance} + ${amount} <= ${giftCards.initialAmount}`
}

/**
 * Credits a refund (or the reversal of a cancelled spend) back to the card in one guarded UPDATE; null when the card
 * cannot take it (disabled, expired, or it would exceed the issued amount): the caller then refunds another way.
 */
export async function creditGiftCard(
  tx: Tx,
  input: { giftCardId: string; amount: number; reason: 'refund' | 'spend_reversal'; orderId: string; paymentId: string; actor: ActorRef },
): Promise<{ balance: number } | null> {
  const [row] = await tx
    .update(giftCards)
    .set({ balance: sql`${giftCards.balance} + ${input.amount}`, updatedAt: sql`now()` })
    .where(and(eq(giftCards.id, input.giftCardId), creditable(input.amount)))
    .returning()
  if (!row) return null
  await record(tx, row, {
    delta: input.amount,
    balance: row.balance,
    reason: input.reason,
    orderId: input.orderId,
    paymentId: input.paymentId,
    actor: input.actor,
  })
  return { balance: row.balance }
}

function toGiftCard(card: GiftCardRow, expired: boolean) {
  const money = (amount: number): Money => ({ amount, currency: card.currency })
  return {
    id: card.id,
    code: card.code,
    balance: money(card.balance),
    initialAmount: money(card.initialAmount),
    status: statusOf(card, expired),
    expiresAt: card.expiresAt?.toISOString() ?? null,
    lockedUntil: card.lockedUntil && card.lockedUntil.getTime() > Date.now() ? card.lockedUntil.toISOString() : null,
    customerId: card.customerId,
    createdAt: card.createdAt.toISOString(),
  }
}

/** One card with its whole ledger, oldest entry first (staff); 404 when unknown. */
export async function getGiftCard(tx: Tx, id: string) {
  const [found] = await tx.select({ card: giftCards, expired: expiredSql }).from(giftCards).where(eq(giftCards.id, id))
  if (!found) throw notFound('Gift card', id, '/params/id')
  const entries = await tx.select().from(giftCardEntries).where(eq(giftCardEntries.giftCardId, id)).orderBy(asc(giftCardEntries.id))
  return {
    ...toGiftCard(found.card, found.expired),
    entries: entries.map((e) => ({
      id: e.id,
      delta: { amount: e.delta, currency: found.card.currency },
      reason: e.reason,
      orderId: e.orderId,
      paymentId: e.paymentId,
      note: e.note,
      createdAt: e.createdAt.toISOString(),
    })),
  }
}

/** The card with this code, as a list of zero or one (staff looking up a card a customer hands over). */
export async function findGiftCards(tx: Tx, input: { code: string }) {
  const rows = await tx
    .select({ card: giftCards, expired: expiredSql })
    .from(giftCards)
    .where(eq(giftCards.code, normalizeGiftCardCode(input.code)))
    .limit(1)
  return { items: rows.map((r) => toGiftCard(r.card, r.expired)) }
}

export const CUSTOMER_GIFT_CARD_SORT_KEYS = ['createdAt', 'balance'] as const
const customerGiftCardOrder = defineListOrder<(typeof CUSTOMER_GIFT_CARD_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: giftCards.createdAt, type: 'time' }, balance: { sql: giftCards.balance, type: 'integer' } },
  tiebreaker: giftCards.id,
  defaultDescending: true,
  defaultSort: [{ key: 'createdAt', descending: true }],
})

/** A page of the cards a customer holds, newest first, for the customer themselves or staff with customers:read (404 otherwise). */
export async function listCustomerGiftCards(tx: Tx, input: ListWindow & { customerId: string; actor: Actor | null }) {
  const allowed = (input.actor?.kind === 'customer' && input.actor.id === input.customerId) || can(input.actor, 'customers:read')
  if (!allowed) throw notFound('Customer', input.customerId, '/params/id')
  const plan = planList(customerGiftCardOrder, input)
  const where = eq(giftCards.customerId, input.customerId)
  const rows = await tx
    .select({ card: giftCards, expired: expiredSql, cursorKey: plan.cursorKey })
    .from(giftCards)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)
  return plan.page(rows, input.limit, (r) => toGiftCard(r.card, r.expired), await countWhen(input.count, tx, giftCards, where))
}

/** Disables a card for good (lost, stolen, fraud); disabling a disabled card changes nothing. */
export async function disableGiftCard(tx: Tx, input: { id: string; actor: ActorRef }) {
  const [row] = await tx
    .update(giftCards)
    .set({ status: 'disabled', updatedAt: sql`now()` })
    .where(and(eq(giftCards.id, input.id), eq(giftCards.status, 'active')))
    .returning()
  if (row)
    await emit(
      tx,
      GIFT_CARD_EVENTS.disabled,
      { giftCardId: row.id, balance: row.balance, actorKind: input.actor.kind, actorId: input.actor.id },
      { customerId: row.customerId },
    )
  return getGiftCard(tx, input.id)
}

/** An administrator's correction; the balance stays between 0 and the issued amount (guarded UPDATE, 409 otherwise). */
export async function adjustGiftCard(tx: Tx, input: { id: string; amount: number; note: string; actor: ActorRef }) {
  const [row] = await tx
    .update(giftCards)
    .set({ balance: sql`${giftCards.balance} + ${input.amount}`, updatedAt: sql`now()` })
    .where(and(eq(giftCards.id, input.id), sql`${giftCards.balance} + ${input.amount} between 0 and ${giftCards.initialAmount}`))
    .returning()
  if (!row) {
    const [card] = await tx.select().from(giftCards).where(eq(giftCards.id, input.id))
    if (!card) throw notFound('Gift card', input.id, '/params/id')
    throw giftCardAdjustmentOutOfRange(card.balance, card.initialAmount)
  }
  await record(tx, row, { delta: input.amount, balance: row.balance, reason: 'adjustment', note: input.note, actor: input.actor })
  return getGiftCard(tx, input.id)
}
