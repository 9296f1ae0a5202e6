/**
 * The store app's screens by URL (under /store, wouter); all but the login need a signed-in associate. Each screen is
 * its own chunk, loaded when first opened (and precached by the service worker for offline use), so the first load
 * stays small.
 */
import { lazy, Suspense } from 'react'
import { Route, Switch } from 'wouter'
import { QueryState } from '../../shared/ui/states.js'
import { AppFrame } from './layout/app-frame.js'
import { RequireSession } from './layout/require-session.js'

const LoginScreen = lazy(async () => ({ default: (await import('./screens/login/login-screen.js')).LoginScreen }))
const CustomerSearchScreen = lazy(async () => ({ default: (await import('./screens/customers/customer-search-screen.js')).CustomerSearchScreen }))
const Customer360Screen = lazy(async () => ({ default: (await import('./screens/customers/customer-360-screen.js')).Customer360Screen }))
const DeskScreen = lazy(async () => ({ default: (await import('./screens/desk/desk-screen.js')).DeskScreen }))
const StockScreen = lazy(async () => ({ default: (await import('./screens/stock/stock-screen.js')).StockScreen }))
const ReturnsScreen = lazy(async () => ({ default: (await import('./screens/returns/returns-screen.js')).ReturnsScreen }))

const SaleScreen = lazy(async () => ({ default: (await import('./screens/sale/sale-screen.js')).SaleScreen }))
const ReceiptScreen = lazy(async () => ({ default: (await import('./screens/sale/receipt-screen.js')).ReceiptScreen }))
const TillScreen = lazy(async () => ({ default: (await import('./screens/till/till-screen.js')).TillScreen }))
const DayScreen = lazy(async () => ({ default: (await import('./screens/day/day-screen.js')).DayScreen }))
const OfflineSalesScreen = lazy(async () => ({ default: (await import('./screens/offline-sales/offline-sales-screen.js')).OfflineSalesScreen }))

const loading = <QueryState isPending error={null}>{null}</QueryState>

/** The screens of a signed-in associate, inside the app's frame. */
function SignedInScreens() {
  return (
    <AppFrame>
      <Suspense fallback={loading}>
        <Switch>
          <Route path="/" component={CustomerSearchScreen} />
          <Route path="/customers/:id" component={Customer360Screen} />
          <Route path="/sale/receipt/:orderId" component={ReceiptScreen} />
          <Route path="/sale/:cartId?" component={SaleScreen} />
          <Route path="/till" component={TillScreen} />
          <Route path="/day" component={DayScreen} />
          <Route path="/offline-sales" component={OfflineSalesScreen} />
          <Route path="/desk" component={DeskScreen} />
          <Route path="/returns" component={ReturnsScreen} />
          <Route path="/stock" component={StockScreen} />
          <Route>{() => <CustomerSearchScreen />}</Route>
        </Switch>
      </Suspense>
    </AppFrame>
  )
}

export function AppRoutes() {
  return (
    <Suspense fallback={loading}>
      <Switch>
        <Route path="/login" component={LoginScreen} />
        <Route>
          <RequireSession>
            <SignedInScreens />
          </RequireSession>
        </Route>
      </Switch>
    </Suspense>
  )
}
