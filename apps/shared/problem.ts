/**
 * What a person reads when a call fails: the API's own detail (it is written for people and names the field), or a
 * sentence in her language for what never reached the server. Never raw JSON.
 */
import type { TFunction } from 'i18next'
import { isNetworkError, ProblemError } from './api.js'

export interface ProblemText {
  title: string
  detail?: string
  requestId?: string
}

/** A ProblemError, a network failure or anything else, as text for an alert. */
export function describeProblem(error: unknown, t: TFunction): ProblemText {
  if (error instanceof ProblemError) {
    const { problem } = error
    const generic: Record<number, string> = {
      401: t('problems.unauthorized'),
      403: t('problems.forbidden'),
      404: t('problems.notFound'),
      429: t('problems.rateLimited'),
      503: t('problems.unavailable'),
    }
    const fallback = generic[error.status] ?? t('states.error')
    // The API writes its details in English; an app translates the codes a person meets often (problemCodes.<code>).
    const translated = error.code ? t(`problemCodes.${error.code}`, { defaultValue: '' }) : ''
    if (translated) return { title: translated, detail: problem.detail, requestId: problem.requestId }
    return { title: problem.detail ? problem.title : fallback, detail: problem.detail ?? (problem.title !== fallback ? problem.title : undefined), requestId: problem.requestId }
  }
  if (isNetworkError(error)) return { title: t('problems.network') }
  return { title: t('states.error'), detail: error instanceof Error ? error.message : undefined }
}
