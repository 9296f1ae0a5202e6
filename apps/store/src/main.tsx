/** The store app: an associate's tablet or counter PC, in the store, served under /store. */
import '@mantine/core/styles.css'
import { MantineProvider } from '@mantine/core'
import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { Router } from 'wouter'
import { registerSW } from 'virtual:pwa-register'
import { startI18n } from '../../shared/i18n.js'
import { SessionProvider } from '../../shared/session.js'
import { cssVariablesResolver, theme } from '../../shared/ui/theme.js'
import { sessions } from './api.js'
import { catalogues } from './locales.js'
import { startOfflineSync } from './offline/sync.js'
import { queryClient } from './query-client.js'
import { AppRoutes } from './routes.js'
import { endSession } from './sign-out.js'

startI18n(catalogues)
// The service worker precaches the whole app so that it opens without the network; a new version is taken when the
// app is next opened, never in the middle of a sale. The sales kept offline are sent as soon as the server answers.
registerSW({ immediate: true })
startOfflineSync()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider store={sessions} onSignOut={endSession}>
          <Router base="/store">
            <AppRoutes />
          </Router>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
)
