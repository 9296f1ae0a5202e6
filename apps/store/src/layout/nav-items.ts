/** The app's screens in the menu, in the order a seller meets them; `managerOnly` ones are hidden from associates. */
export interface NavItem {
  path: string
  key: 'customers' | 'sale' | 'stock' | 'desk' | 'returns' | 'till' | 'day'
  managerOnly?: boolean
}

export const NAV_ITEMS: NavItem[] = [{ path: '/', key: 'customers' }, { path: '/stock', key: 'stock' }, { path: '/desk', key: 'desk' }, { path: '/returns', key: 'returns' }]
