import { Badge } from '@mantine/core'
import { useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'

function subscribe(listener: () => void) {
  window.addEventListener('online', listener)
  window.addEventListener('offline', listener)
  return () => {
    window.removeEventListener('online', listener)
    window.removeEventListener('offline', listener)
  }
}

/** Online or offline, always on screen (the offline queue adds how many sales wait). */
export function ConnectionBadge() {
  const { t } = useTranslation()
  const online = useSyncExternalStore(subscribe, () => navigator.onLine)
  return (
    <Badge color={online ? 'teal' : 'orange'} variant="light" role="status">
      {online ? t('connection.online') : t('connection.offline')}
    </Badge>
  )
}
