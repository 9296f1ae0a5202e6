import { Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useLocation, useSearch } from 'wouter'
import { FindOrder } from './find-order.js'
import { ReturnForm } from './return-form.js'

/** Returns and exchanges at the counter: find the order (any channel), take the items back, refund, restock here. */
export function ReturnsScreen() {
  const { t } = useTranslation()
  const [, navigate] = useLocation()
  // The order picked is in the URL (/returns?order=ord_…), so the 360 can link here and a reload keeps it.
  const orderId = new URLSearchParams(useSearch()).get('order')
  return (
    <Stack maw={860}>
      <div>
        <Title order={2}>{t('returns.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('returns.intro')}
        </Text>
      </div>
      {orderId ? <ReturnForm key={orderId} orderId={orderId} onChange={() => navigate('/returns')} /> : <FindOrder onPick={(id) => navigate(`/returns?order=${encodeURIComponent(id)}`)} />}
    </Stack>
  )
}
