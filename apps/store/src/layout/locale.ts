import type { Translation } from '../../../shared/i18n.js'

export const layoutFr = {
  appName: 'Magasin',
  nav: { label: 'Menu principal', customers: 'Clients', sale: 'Vente', stock: 'Stock', desk: 'Retraits', returns: 'Retours', till: 'Caisse', day: 'Journée', offlineSales: 'Ventes hors ligne' },
  openMenu: 'Ouvrir le menu',
  store: 'Magasin',
  pickStore: 'Choisir le magasin',
  noStore: 'Aucun magasin n’est rattaché à votre compte.',
  signedInAs: 'Connecté·e : {{name}}',
}

export const layoutEn: Translation<typeof layoutFr> = {
  appName: 'Store',
  nav: { label: 'Main menu', customers: 'Customers', sale: 'Sale', stock: 'Stock', desk: 'Pickups', returns: 'Returns', till: 'Till', day: 'Day', offlineSales: 'Offline sales' },
  openMenu: 'Open the menu',
  store: 'Store',
  pickStore: 'Pick the store',
  noStore: 'No store is attached to your account.',
  signedInAs: 'Signed in: {{name}}',
}
