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
