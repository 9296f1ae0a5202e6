/** Retry and URL rules of webhook delivery, as pure functions. */

const MAX_RETRY_DELAY_MS = 60 * 60_000

/**
 * The wait before the attempt after `attempt` failed: base × 2^(attempt−1), capped at an hour, with "equal jitter"
 * (half fixed, half random) so that receivers coming back from an outage are not hit by every node at once.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(exponential / 2 + random() * (exponential / 2))
}

/** The reason a URL cannot receive webhooks, or null when it can: absolute http(s) only. */
export function webhookUrlProblem(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'is not an absolute URL'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must be http or https, not ${parsed.protocol.replace(/:$/, '')}`
  return null
}

/** A 2xx answer is a delivery; anything else (redirects included, which are not followed) is a failed attempt. */
export function isDelivered(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300
}
