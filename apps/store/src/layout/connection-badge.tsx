import { Badge, Box, Group } from '@mantine/core'
import { useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { api } from '../api.js'
import { useCatalogueSnapshot } from '../offline/catalogue.js'
import { useQueueCounts } from '../offline/queue.js'
import { useStore } from '../store-context.js'

function subscribe(listener: () => void) {
  window.addEventListener('online', listener)
  window.addEventListener('offline', listener)
  return () => {
    window.removeEventListener('online', listener)
    window.removeEventListener('offline', listener)
  }
}

/** Keeps the offline catalogue of the store's channel fresh while the app is open (the header is always there). */
function OfflineUpkeep() {
  const { channel } = useStore()
  useCatalogueSnapshot(api, channel?.id)
  return null
}

/**
 * Online or offline, always on screen, with how many sales wait to reach the server and a marker when some need a
 * person; the count opens the list of those sales.
 */
export function ConnectionBadge() {
  const { t } = useTranslation()
  const online = useSyncExternalStore(subscribe, () => navigator.onLine)
  const { waiting, attention } = useQueueCounts()
  const held = waiting + attention
  const label = t('connection.waiting', { count: held }) + (attention > 0 ? ` · ${t('offlineSales.badge.attention', { count: attention })}` : '')
  return (
    <Group gap={6} wrap="nowrap" role="status">
      <OfflineUpkeep />
      <Badge color={online ? 'teal' : 'orange'} variant="light">
        {online ? t('connection.online') : t('connection.offline')}
      </Badge>
      {held > 0 && (
        <Badge component={Link} href="/offline-sales" aria-label={label} color={attention > 0 ? 'red.9' : 'gray'} variant={attention > 0 ? 'filled' : 'light'} style={{ cursor: 'pointer' }}>
          <Box component="span" hiddenFrom="md">
            {attention > 0 ? `! ${held}` : held}
          </Box>
          <Box component="span" visibleFrom="md">
            {label}
          </Box>
        </Badge>
      )}
    </Group>
  )
}
