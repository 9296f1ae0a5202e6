/**
 * The store app's one TanStack Query cache, in its own module so that signing out and a 401 can empty it: the next
 * associate on the till must not see the previous one's customers (Back would show them from the cache).
 */
import { QueryClient } from '@tanstack/react-query'
import { ProblemError } from '../../shared/api.js'

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A problem the server meant (4xx) is not retried; a network failure or a 5xx is, twice.
      retry: (count, error) => !(error instanceof ProblemError && error.status < 500) && count < 2,
    },
  },
})
