/** The store's day from the API, and the calendar arithmetic of its date picker (plain YYYY-MM-DD, no time zone drift). */
import { useQuery } from '@tanstack/react-query'
import { dataOf } from '../../../../shared/api.js'
import { api } from '../../api.js'

export function useStoreDay(locationId: string | null, date: string, enabled: boolean) {
  return useQuery({
    queryKey: ['store-day', locationId, date],
    enabled: enabled && locationId !== null,
    queryFn: () => dataOf(api.GET('/v1/locations/{id}/day', { params: { path: { id: locationId! }, query: { date } } })),
  })
}

/** Today's date where the store is: a manager in Paris looking at 00:30 wants today, not yesterday in UTC. */
export function todayIn(timezone: string | undefined): string {
  const format = (timeZone?: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
  try {
    return format(timezone)
  } catch {
    return format()
  }
}

/** The date `days` away from `date`, both YYYY-MM-DD. */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10)
}

export const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))
