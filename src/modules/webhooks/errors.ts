import { DomainError, notFound } from '../../platform/problems.js'

export const webhookNotFound = (id: string) => notFound('Webhook', id, '/params/id')

export const deliveryNotFound = (id: string) => notFound('Delivery', id, '/params/deliveryId')

export const invalidWebhookUrl = (detail: string) =>
  new DomainError({ code: 'invalid-webhook-url', status: 400, title: 'Invalid webhook URL', detail, field: '/body/url' })

export const deliveryNotRetryable = (id: string, status: string) =>
  new DomainError({
    code: 'delivery-not-retryable',
    status: 409,
    title: 'Delivery not retryable',
    detail: `Delivery ${id} is ${status}; only a failed delivery can be sent again.`,
    data: { deliveryStatus: status },
  })

export const secretNeedsRotation = (id: string) =>
  new DomainError({
    code: 'webhook-secret-needs-rotation',
    status: 409,
    title: 'Webhook secret needs rotation',
    detail: `Webhook ${id} has a secret issued before Standard Webhooks signatures existed, which their verifiers cannot read: rotate it (POST /v1/webhooks/${id}/rotate-secret), then switch scheme.`,
    field: '/body/signatureScheme',
  })
