/**
 * Background jobs of one node: each runs on an interval and is safe with several nodes running it at once (the SQL
 * they run is guarded or uses SKIP LOCKED), so there is no leader election and no lock service.
 */
import type { FastifyInstance } from 'fastify'
import { pruneOutbox } from './events.js'
import { pruneIdempotencyKeys } from './idempotency.js'

export interface Job {
  name: string
  everyMs: number
  run: () => Promise<unknown>
}

export interface JobRunner {
  stop(): Promise<void>
}

/** Starts every job on its own interval; a run never overlaps the previous run of the same job. */
export function startJobs(app: FastifyInstance, jobs: Job[]): JobRunner {
  const running = new Set<Promise<unknown>>()
  const busy = new Set<string>()
  const timers = jobs.map((job) =>
    setInterval(() => {
      if (busy.has(job.name)) return
      busy.add(job.name)
      const run = job
        .run()
        .catch((error: unknown) => app.log.error({ err: error, job: job.name }, 'background job failed'))
        .finally(() => {
          busy.delete(job.name)
          running.delete(run)
        })
      running.add(run)
    }, job.everyMs),
  )
  for (const timer of timers) timer.unref()
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer)
      await Promise.all(running)
    },
  }
}

/** The platform's own housekeeping; modules add theirs in buildApp. */
export function platformJobs(app: FastifyInstance): Job[] {
  const { database, config } = app
  return [
    { name: 'prune-idempotency-keys', everyMs: 15 * 60_000, run: () => pruneIdempotencyKeys(database.db) },
    { name: 'prune-outbox', everyMs: 60 * 60_000, run: () => pruneOutbox(database.db, config.outboxRetentionDays) },
  ]
}
