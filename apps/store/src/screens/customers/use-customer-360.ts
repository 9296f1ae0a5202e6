/** The 360's data: the overview (profile, consents, loyalty, carts, orders, returns, recent touchpoints, stock here). */
import { useQuery } from '@tanstack/react-query'
import { dataOf } from '../../../../shared/api.js'
import { api } from '../../api.js'

export function useCustomerOverview(customerId: string, locationId: string | null) {
  return useQuery({
    queryKey: ['customer-overview', customerId, locationId],
    queryFn: () => dataOf(api.GET('/v1/customers/{id}/overview', { params: { path: { id: customerId }, query: locationId ? { locationId } : {} } })),
  })
}
