/** What a return's settlement needs from the request: its own file, as both the refund (settle.ts) and the exchange (exchange.ts) take it. */
import type { CardProvider, CheckoutPolicy } from '../orders/service.js'

export interface ReturnContext {
  provider: CardProvider
  policy: CheckoutPolicy
  /** Unique per request (derived from the Idempotency-Key when there is one): refunds and exchange derive their keys from it. */
  operationKey: string
}
