/** Events of the webhooks module. Payloads never carry a secret. Deliveries emit nothing, so a failing endpoint cannot feed itself. */
export const WEBHOOK_EVENTS = {
  created: 'webhooks.subscription_created',
  updated: 'webhooks.subscription_updated',
  deleted: 'webhooks.subscription_deleted',
  secretRotated: 'webhooks.secret_rotated',
} as const
