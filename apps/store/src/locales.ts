/** The store app's catalogues: the shared words plus one section per screen, each screen owning its own file. */
import type { Language } from '../../shared/i18n.js'
import { sharedEn, sharedFr } from '../../shared/locales.js'
import { layoutEn, layoutFr } from './layout/locale.js'
import { customersEn, customersFr } from './screens/customers/locale.js'
import { deskEn, deskFr } from './screens/desk/locale.js'
import { returnsEn, returnsFr } from './screens/returns/locale.js'
import { stockEn, stockFr } from './screens/stock/locale.js'
import { loginEn, loginFr } from './screens/login/locale.js'
import { saleEn, saleFr } from './screens/sale/locale.js'
import { tillEn, tillFr } from './screens/till/locale.js'
import { dayEn, dayFr } from './screens/day/locale.js'
import { offlineSalesEn, offlineSalesFr } from './screens/offline-sales/locale.js'

export const fr = { ...sharedFr, layout: layoutFr, login: loginFr, customers: customersFr, sale: saleFr, stock: stockFr, desk: deskFr, returns: returnsFr, till: tillFr, day: dayFr, offlineSales: offlineSalesFr }
export const en = { ...sharedEn, layout: layoutEn, login: loginEn, customers: customersEn, sale: saleEn, stock: stockEn, desk: deskEn, returns: returnsEn, till: tillEn, day: dayEn, offlineSales: offlineSalesEn }

export const catalogues: Record<Language, typeof fr> = { fr, en }
