/**
 * The demo shop's promotions, as a French fashion retailer runs them: summer sales on dresses, free delivery from
 * 60 €, 3 for 2 on t-shirts, an app-only discount and a welcome offer behind a coupon. Seeded after the demo orders
 * and journeys, as promotions launched today: the orders already placed keep the prices they were placed at.
 */
import { getCategory } from '../modules/catalog/service.js'
import { createCoupon, createPromotion, type PromotionInput } from '../modules/promotions/service.js'
import { SYSTEM_ACTOR } from '../platform/auth.js'
import type { Tx } from '../platform/db.js'
import { DAY } from './story-kit.js'

/** The welcome offer's public code, printed on flyers and named in the README ("Promotions"). */
export const WELCOME_COUPON_CODE = 'BIENVENUE10'

/** The summer sales run four weeks, started two days before the seed. */
const SALE_STARTED_DAYS_AGO = 2
const SALE_DAYS = 28

/** Creates the demo promotions; returns how many. Category codes and channel codes are the generator's. */
export async function seedDemoPromotions(tx: Tx, context: { channelIds: Map<string, string>; now?: Date }): Promise<number> {
  const now = (context.now ?? new Date()).getTime()
  const categories = async (...codes: string[]) => Promise.all(codes.map(async (code) => (await getCategory(tx, code)).id))
  const app = context.channelIds.get('mobile_app')
  const promotions: PromotionInput[] = [
    {
      name: 'Soldes −20 % sur les robes',
      description: 'Soldes d’été : toutes les robes, femme et enfant, sur tous les canaux',
      kind: 'percent_off',
      percent: 2000,
      target: { scope: 'items', categoryIds: await categories('femme-robes', 'enfant-robes') },
      priority: 10,
      stacking: 'combinable',
      startsAt: new Date(now - SALE_STARTED_DAYS_AGO * DAY).toISOString(),
      endsAt: new Date(now + (SALE_DAYS - SALE_STARTED_DAYS_AGO) * DAY).toISOString(),
    },
    {
      name: '3 pour 2 sur les t-shirts',
      description: 'Le moins cher des trois offert, t-shirts femme et homme',
      kind: 'buy_x_get_y',
      buy: 2,
      get: 1,
      percent: 10_000,
      target: { scope: 'items', categoryIds: await categories('femme-tshirts', 'homme-tshirts') },
      priority: 20,
      stacking: 'combinable',
    },
    {
      name: 'Livraison offerte dès 60 €',
      kind: 'free_shipping',
      minSubtotal: 6000,
      priority: 100,
      stacking: 'combinable',
    },
    ...(app
      ? [
          {
            name: 'Appli : −5 € dès 50 €',
            description: 'Pour faire découvrir l’application mobile',
            kind: 'amount_off' as const,
            amount: 500,
            target: { scope: 'order' as const },
            minSubtotal: 5000,
            channelIds: [app],
            priority: 50,
            stacking: 'combinable' as const,
          },
        ]
      : []),
    {
      name: 'Bienvenue −10 % première commande',
      description: 'Offerte avec un code de bienvenue, une fois par client',
      kind: 'percent_off',
      percent: 1000,
      target: { scope: 'order' },
      segment: { firstOrderOnly: true },
      requiresCoupon: true,
      perCustomerLimit: 1,
      priority: 60,
      stacking: 'exclusive',
    },
  ]
  for (const promotion of promotions) {
    const created = await createPromotion(tx, promotion)
    // One public code for everyone (no use limit of its own): the promotion allows one use per customer.
    if (promotion.requiresCoupon) await createCoupon(tx, { promotionId: created.id, code: WELCOME_COUPON_CODE, actor: SYSTEM_ACTOR })
  }
  return promotions.length
}
