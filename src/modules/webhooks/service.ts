import type { FastifyInstance } from 'fastify'
import type { Job } from '../../platform/jobs.js'

/** Background jobs of the webhooks module (fan-out from the outbox, delivery with retries). */
export function webhookJobs(_app: FastifyInstance): Job[] {
  return []
}
