/** The app's screens in the menu, in the order a seller meets them; `managerOnly` ones are hidden from associates. */
export interface NavItem {
  path: string
  key: 'customers' | 'sale' | 'stock' | 'desk' | 'returns' | 'till' | 'day' | 'offlineSales'
  managerOnly?: boolean
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/', key: 'customers' },
  { path: '/sale', key: 'sale' },
  { path: '/stock', key: 'stock' },
  { path: '/desk', key: 'desk' },
  { path: '/returns', key: 'returns' },
  { path: '/till', key: 'till' },
  { path: '/offline-sales', key: 'offlineSales' },
  { path: '/day', key: 'day', managerOnly: true },
]
