/**
 * Checkout: a cart from any channel becomes an order in one transaction — routed, stock held (or sold from the
 * shelf at a till), priced as the cart view priced it (same promotions function, now with the delivery fee), its
 * promotion and coupon uses redeemed, paid or held, attributed to a store, and the cart closed. Any failure (stock,
 * a coupon used up meanwhile, payment declined) rolls everything back, so it leaves no order, no use and no
 * reservation behind.
 */
import { randomInt } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { actorRefOf, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { normalisePhone } from '../../platform/phone.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { closeCart, endKioskSessionAtCheckout, isKioskDevice, loadCartForCheckout, priceCartPromotions, redeemOrderPromotions } from '../carts/service.js'
import { getChannel } from '../channels/service.js'
import type { ProvenGiftCardPins } from '../credit/service.js'
import { isLiveCustomer, lockCustomer, lockLiveCustomer, resolveCustomerByContact } from '../customers/service.js'
import { requestTransfer, reserveStock, sellStock } from '../inventory/service.js'
import { listOrderDiscounts, refuseUnusableCartCoupons } from '../promotions/service.js'
import { planCheckout, priceOrder, type CheckoutPlan, type FulfilmentRequest, type PlanPolicy } from './checkout-plan.js'
import { contactRequired, paymentNotAllowed, totalChanged } from './errors.js'
import { ORDER_EVENTS } from './events.js'
import { orderScope, recordOrderTouchpoint, recordPlaced, syncOrderStatus, type FulfilmentRow, type OrderRow } from './lifecycle.js'
import type { CardProvider } from './payment-providers.js'
import { captureTenders, isStaffAtTill, listPayments, takeTenders, type PaymentRequest } from './payments.js'
import { attributeSale, makePickupCode, paidShare, type AttributionRule } from './policies.js'
import { fulfilmentLines, fulfilments, orderLines, orders, type OrderContact } from './schema.js'

type FulfilmentLineRow = typeof fulfilmentLines.$inferSelect
import { toOrder, type OrderView } from './views.js'

export interface CheckoutPolicy extends PlanPolicy {
  attributionRule: AttributionRule
  /** How long an unpaid reserve-in-store order holds its stock. */
  reserveInStoreHoldMinutes: number
  /** How long a payment awaiting 3-D Secure holds the stock. */
  paymentHoldMinutes: number
}

export interface CheckoutInput {
  cartId: string
  actor: Actor | null
  fulfilment: FulfilmentRequest
  lines?: { lineId: string; fulfilment: FulfilmentRequest }[]
  contact?: Partial<OrderContact>
  payments: PaymentRequest[]
  expectedTotal?: number
  note?: string
  policy: CheckoutPolicy
  provider: CardProvider
  /** Unique per request (the Idempotency-Key when there is one): provider calls derive their keys from it. */
  operationKey: string
  /** Gift card PINs the route admitted for this request (admitGiftCardTenders): spent without hashing them again. */
  provenGiftCardPins?: ProvenGiftCardPins
}

async function contactOf(tx: Tx, customerId: string | null, given: Partial<OrderContact> | undefined, handedOver: boolean): Promise<{ contact: OrderContact; postalCode: string | null }> {
  // Locked and live: a merge or an erasure of her waits for this order, then moves or anonymises it; one that came
  // first refuses it (409 customer-merged or customer-erased), so no order lands on a tombstone or an erased profile.
  const customer = customerId ? await lockLiveCustomer(tx, { customerId, field: '/params/id' }) : undefined
  const contact: OrderContact = {
    email: given?.email ?? customer?.email ?? null,
    phone: given?.phone ? normalisePhone(given.phone, '/body/contact/phone') : (customer?.phone ?? null),
    firstName: given?.firstName ?? customer?.firstName ?? null,
    lastName: given?.lastName ?? customer?.lastName ?? null,
  }
  // A guest is reached about what is still to come; a till sale handed over on the spot has nothing to come, so a
  // passer-by paying cash gives no contact details.
  if (!customer && !handedOver && !contact.email && !contact.phone) throw contactRequired()
  return { contact, postalCode: customer?.postalCode ?? null }
}

/**
 * The live customer holding the contact's email or phone, whom a guest order joins, or null. Locked as contactOf
 * locks the owner; one merged away or erased while this looked stays out of it (the order stays a guest's).
 */
async function customerOfContact(tx: Tx, contact: OrderContact): Promise<string | null> {
  const found = await resolveCustomerByContact(tx, contact)
  const row = found ? await lockCustomer(tx, found) : undefined
  return row && isLiveCustomer(row) ? row.id : null
}

/** Holds or sells the stock of each planned fulfilment and writes the fulfilment rows. */
async function writeFulfilments(tx: Tx, order: OrderRow, plan: CheckoutPlan, lineIds: Map<string, string>, actor: Actor | null): Promise<{ rows: FulfilmentRow[]; lines: FulfilmentLineRow[] }> {
  const who = actorRefOf(actor)
  const rows: FulfilmentRow[] = []
  const written: FulfilmentLineRow[] = []
  // Stock rows are locked in one global order, (location, variant), so two checkouts of the same items never deadlock.
  const ordered = [...plan.fulfilments]
    .sort((a, b) => a.locationId.localeCompare(b.locationId))
    .map((f) => ({ ...f, lines: [...f.lines].sort((a, b) => a.variantId.localeCompare(b.variantId)) }))
  for (const planned of ordered) {
    const id = newId('ful')
    const pickup = planned.pickupLocationId !== null && !planned.soldOnTheSpot
    const [row] = await tx
      .insert(fulfilments)
      .values({
        id,
        orderId: order.id,
        method: planned.method,
        status: planned.soldOnTheSpot ? 'collected' : 'allocated',
        sourceLocationId: planned.locationId,
        pickupLocationId: planned.pickupLocationId,
        routingReason: planned.reason,
        pickupCode: pickup ? makePickupCode((below) => randomInt(below)) : null,
        handledByStaffId: planned.soldOnTheSpot && actor?.kind === 'staff' ? actor.id : null,
      })
      .returning()
    if (!row) throw new Error('fulfilment insert returned nothing')
    const fulfilmentLineRows = planned.lines.map((l) => ({ fulfilmentId: id, orderLineId: lineIds.get(l.key) ?? '', quantity: l.quantity }))
    await tx.insert(fulfilmentLines).values(fulfilmentLineRows)
    written.push(...fulfilmentLineRows)
    if (planned.soldOnTheSpot) {
      for (const line of planned.lines) await sellStock(tx, { variantId: line.variantId, locationId: planned.locationId, quantity: line.quantity, orderId: order.id, actor: who })
    } else if (planned.transferTo) {
      const transfer = await requestTransfer(tx, { fromLocationId: planned.locationId, toLocationId: planned.transferTo, lines: planned.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })), actor: who, orderId: order.id, fulfilmentId: id, note: `Order ${order.number}` })
      const [linked] = await tx.update(fulfilments).set({ transferId: transfer.id }).where(eq(fulfilments.id, id)).returning()
      if (linked) Object.assign(row, linked)
    } else {
      const kind = planned.method === 'reserve_in_store' ? 'reserve_in_store' : 'order'
      for (const line of planned.lines) {
        await reserveStock(tx, { variantId: line.variantId, locationId: planned.locationId, quantity: line.quantity, kind, actor: who, orderId: order.id, fulfilmentId: id })
      }
    }
    rows.push(row)
  }
  return { rows, lines: written }
}

/** Places the order of a cart; see the module header for what one call guarantees. */
export async function checkoutCart(tx: Tx, input: CheckoutInput): Promise<OrderView> {
  const cart = await loadCartForCheckout(tx, { cartId: input.cartId, actor: input.actor })
  const channel = await getChannel(tx, cart.channelId)
  const tillLocationId = channel.kind === 'store' ? channel.locationId : null
  const atTill = isStaffAtTill(input.actor, tillLocationId)
  const plan = await planCheckout(tx, { cart, channel, fulfilment: input.fulfilment, lineFulfilments: input.lines ?? [], policy: input.policy, atTill })
  const cartOwnerId = input.actor?.kind === 'customer' ? input.actor.id : cart.customerId
  const promotions = await priceCartPromotions(tx, {
    cartId: cart.id,
    channel,
    customerId: cartOwnerId,
    currency: cart.currency,
    lines: plan.lines,
    shippingFee: plan.shippingTotal,
    shippingVatRate: input.policy.shippingVatRate,
    now: new Date(),
  })
  // A code on the cart that stopped counting (taken by another order first, expired, disabled) refuses the checkout
  // as losing the race for its last use does: the order never silently costs more than the cart said.
  refuseUnusableCartCoupons(promotions.coupons, promotions.evaluation.applied.map((entry) => entry.id))
  const priced = priceOrder(plan, promotions.evaluation)
  if (input.expectedTotal !== undefined && input.expectedTotal !== priced.total) throw totalChanged(input.expectedTotal, priced.total)

  const heldOnly = plan.fulfilments.every((f) => f.method === 'reserve_in_store')
  if (heldOnly && input.payments.length > 0) throw paymentNotAllowed('A reserve-in-store order is paid at the till when it is collected.', '/body/payments')
  if (!heldOnly && plan.fulfilments.some((f) => f.method === 'reserve_in_store')) throw paymentNotAllowed('Reserve-in-store lines cannot be mixed with paid lines in one order.', '/body/lines')
  if (!heldOnly && input.payments.length === 0 && priced.total > 0) throw paymentNotAllowed('Give at least one payment.', '/body/payments')

  // The plan already refused `in_store` to anyone but the till's staff; the waiver says so again, on its own.
  const { contact, postalCode } = await contactOf(tx, cartOwnerId, input.contact, atTill && plan.fulfilments.every((f) => f.soldOnTheSpot))
  // A guest order whose email or phone a customer holds joins that customer's orders; its contact stays as given.
  const customerId = cartOwnerId ?? (await customerOfContact(tx, contact))
  const stores = [...plan.locations.values()].filter((l) => l.kind === 'store')
  const attribution = attributeSale({
    rule: input.policy.attributionRule,
    placedLocationId: channel.kind === 'store' || channel.kind === 'kiosk' ? channel.locationId : null,
    pickupLocationId: plan.pickupLocationId,
    deliveryPostalCode: plan.shippingAddress?.postalCode ?? null,
    customerPostalCode: postalCode,
    catchments: stores.map((s) => ({ locationId: s.id, postalCodes: s.catchmentPostalCodes })),
  })
  const holdMinutes = heldOnly ? input.policy.reserveInStoreHoldMinutes : null
  const [order] = await tx
    .insert(orders)
    .values({
      id: newId('ord'),
      channelId: channel.id,
      placedChannelKind: channel.kind,
      placedLocationId: channel.kind === 'store' || channel.kind === 'kiosk' ? channel.locationId : null,
      placedByStaffId: input.actor?.kind === 'staff' ? input.actor.id : (cart.createdByStaffId ?? null),
      deviceId: input.actor?.kind === 'device' ? input.actor.id : cart.deviceId,
      // Placed at a shared kiosk: its passer-by's session (the cart's, which mayUseCart held to the current one).
      kioskSessionId: isKioskDevice(input.actor) ? cart.kioskSessionId : null,
      // An anonymous cart checked out by its device; a kiosk that claimed a customer's cart places her order, not its own.
      guestCheckout: input.actor?.kind === 'device' && cart.customerId === null,
      customerId,
      contact,
      cartId: cart.id,
      status: 'placed',
      currency: cart.currency,
      subtotal: priced.subtotal,
      discountTotal: priced.discountTotal,
      shippingTotal: priced.shippingTotal,
      shippingDiscount: priced.shippingDiscount,
      taxTotal: priced.taxTotal,
      total: priced.total,
      vatBreakdown: priced.vat,
      shippingAddress: plan.shippingAddress,
      attributedLocationId: attribution.locationId,
      attributionReason: attribution.reason,
      holdExpiresAt: holdMinutes === null ? null : new Date(Date.now() + holdMinutes * 60_000),
      note: input.note ?? null,
    })
    .returning()
  if (!order) throw new Error('order insert returned nothing')
  const lineIds = new Map(plan.lines.map((l) => [l.lineId, newId('oln')]))
  const lineRows = await tx.insert(orderLines).values(
    priced.lines.map((l, position) => ({
      id: lineIds.get(l.lineId) ?? '',
      orderId: order.id,
      position,
      variantId: l.variantId,
      productId: l.productId,
      sku: l.sku,
      title: l.title,
      options: l.options,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      priceListId: l.priceListId,
      vatRate: l.vatRate,
      lineTotal: l.unitPrice * l.quantity,
      discountTotal: l.discountTotal,
      discounts: l.discounts,
    })),
  ).returning()
  const { rows: fulfilmentRows, lines: fulfilmentLineRows } = await writeFulfilments(tx, order, plan, lineIds, input.actor)
  // Locks are taken in one order everywhere — stock, then promotions and coupons, then loyalty (the status move
  // below) — as cancellations and returns do, so that they never deadlock with a checkout.
  // Free delivery promised on a cart collected in store takes nothing off: only what took something counts a use.
  const taken = promotions.evaluation.applied.filter((entry) => entry.amount > 0).map(({ id, ...entry }) => ({ ...entry, promotionId: id }))
  await redeemOrderPromotions(tx, { orderId: order.id, cartId: cart.id, customerId, channelId: channel.id, applied: taken })
  const soldNow = plan.fulfilments.filter((f) => f.soldOnTheSpot)
  const context = { actor: input.actor, tillLocationId, provider: input.provider, operationKey: input.operationKey, atCounter: soldNow.length > 0, provenGiftCardPins: input.provenGiftCardPins }
  const tenders = heldOnly ? [] : await takeTenders(tx, { order, requests: input.payments, context })
  if (soldNow.length > 0) {
    // The goods leave the shop now: a card tendered for them is captured now too.
    const byLine = new Map(lineRows.map((row) => [row.id, row]))
    const counted = new Map<string, number>()
    let value = 0
    for (const sold of soldNow.flatMap((f) => f.lines)) {
      const row = byLine.get(lineIds.get(sold.key) ?? '')
      if (!row) continue
      value += paidShare(row, sold.quantity, counted.get(row.id) ?? 0)
      counted.set(row.id, (counted.get(row.id) ?? 0) + sold.quantity)
    }
    await captureTenders(tx, { order, amount: value, provider: input.provider, operationKey: input.operationKey, actor: actorRefOf(input.actor) })
  }
  if (tenders.some((t) => t.status === 'requires_action')) {
    const [held] = await tx.update(orders).set({ holdExpiresAt: new Date(Date.now() + input.policy.paymentHoldMinutes * 60_000) }).where(eq(orders.id, order.id)).returning()
    if (held) Object.assign(order, held)
  }
  await closeCart(tx, { cartId: cart.id, orderId: order.id, checkedOut: cart, channel })
  // A kiosk's passer-by is done: the next cart is the next one's (her order stays readable for the receipt grace).
  if (order.kioskSessionId) await endKioskSessionAtCheckout(tx, order.kioskSessionId)
  const who = actorRefOf(input.actor)
  await recordPlaced(tx, { order, fulfilments: fulfilmentRows, actor: who })
  await emit(
    tx,
    ORDER_EVENTS.placed,
    { orderId: order.id, number: order.number, channelId: channel.id, placedChannelKind: channel.kind, customerId, total: order.total, currency: order.currency, attributedLocationId: order.attributedLocationId, fulfilments: fulfilmentRows.map((f) => ({ fulfilmentId: f.id, method: f.method, sourceLocationId: f.sourceLocationId, pickupLocationId: f.pickupLocationId })) },
    orderScope(order),
  )
  await recordOrderTouchpoint(tx, order, 'order_placed', { locationId: order.attributedLocationId, data: { total: order.total, currency: order.currency, placedByStaffId: order.placedByStaffId } })
  const synced = await syncOrderStatus(tx, { orderId: order.id, actor: who })
  // Built from the rows this transaction wrote; only payments are read back (a till sale captured them meanwhile).
  const discounts = taken.length > 0 ? ((await listOrderDiscounts(tx, [order.id])).get(order.id) ?? []) : []
  const view = toOrder(synced, lineRows, fulfilmentRows, fulfilmentLineRows, await listPayments(tx, [order.id]), discounts, 'owner', channel)
  // A guest never learns whose account its contact named: that would tell anyone which emails have an account, and their ids.
  return input.actor?.kind === 'device' && cartOwnerId === null ? { ...view, customerId: null } : view
}
