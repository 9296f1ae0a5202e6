import { Stack, Text, Title } from '@mantine/core'
import { useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { useSession } from '../../../../shared/session.js'
import { api, type StaffUser } from '../../api.js'
import { useCatalogueSnapshot } from '../../offline/catalogue.js'
import type { QueuedSale, QueuedState } from '../../offline/db.js'
import { useQueuedSales } from '../../offline/queue.js'
import { useStore } from '../../store-context.js'
import { QueuedSaleCard } from './queued-sale-card.js'

function subscribeOnline(listener: () => void) {
  window.addEventListener('online', listener)
  window.addEventListener('offline', listener)
  return () => {
    window.removeEventListener('online', listener)
    window.removeEventListener('offline', listener)
  }
}

/** The sales this device holds until the server records them: those refused first (a person must act), then waiting ones. */
export function OfflineSalesScreen() {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { session } = useSession<StaffUser>()
  const { channel } = useStore()
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine)
  const sales = useQueuedSales()
  const snapshot = useCatalogueSnapshot(api, channel?.id)
  const user = session?.user
  const viewer = { id: user?.id ?? '', name: user?.displayName ?? '', isManager: user?.role === 'store_manager' || user?.role === 'admin' }
  const sections: QueuedState[] = ['attention', 'waiting', 'discarded']
  const byState = (state: QueuedState): QueuedSale[] => sales.filter((sale) => sale.state === state)
  const meta = snapshot.meta
  return (
    <Stack maw={860}>
      <Title order={2}>{t('offlineSales.title')}</Title>
      <Text size="sm">{t('offlineSales.intro')}</Text>
      {sales.every((sale) => sale.state === 'discarded') && <Text fw={600}>{t('offlineSales.none')}</Text>}
      {sections.map((state) => {
        const list = byState(state)
        if (list.length === 0) return null
        return (
          <section key={state} aria-labelledby={`offline-${state}`}>
            <Stack gap="xs">
              <Title order={3} size="h4" id={`offline-${state}`} c={state === 'attention' ? 'red.8' : undefined}>
                {t(`offlineSales.sections.${state}`)} ({list.length})
              </Title>
              {list.map((sale) => (
                <QueuedSaleCard key={sale.id} sale={sale} viewer={viewer} online={online} />
              ))}
            </Stack>
          </section>
        )
      })}
      <section aria-labelledby="offline-catalogue">
        <Stack gap={4}>
          <Title order={3} size="h4" id="offline-catalogue">
            {t('offlineSales.catalogue.title')}
          </Title>
          {meta ? (
            <>
              <Text size="sm">{t('offlineSales.catalogue.age', { date: formatDateTime(meta.takenAt, locale), count: meta.variantCount })}</Text>
              <Text size="sm" c="dimmed">
                {meta.priceListsRead ? t('offlineSales.catalogue.priceLists') : t('offlineSales.catalogue.noPriceLists')}
              </Text>
              <Text size="sm" c="dimmed">
                {meta.promotions.length > 0 ? t('offlineSales.catalogue.promotions', { names: meta.promotions.join(', ') }) : t('offlineSales.catalogue.noPromotions')}
              </Text>
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {t('offlineSales.catalogue.none')}
            </Text>
          )}
        </Stack>
      </section>
    </Stack>
  )
}
