import { Alert, Button, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import type { Return } from './use-returns.js'

/** What the return did: its status, the money back by method, what went back on this store's shelf. */
export function ReturnResult({ taken, onAnother }: { taken: Return; onAnother(): void }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  return (
    <Alert color="teal" role="status" title={t('returns.result.title', { number: taken.number, status: t(`returnStatus.${taken.status}`) })}>
      <Stack gap={4}>
        <Text fw={600}>{t('returns.result.refunded', { amount: formatMoney(taken.totals.refunded, locale) })}</Text>
        {taken.refunds.map((refund, i) => (
          <Text size="sm" key={`${refund.method}-${i}`}>
            {t('returns.result.by', { method: t(`returns.methods.${refund.method}`, { defaultValue: refund.method }), amount: formatMoney(refund.amount, locale) })}
          </Text>
        ))}
        {taken.lines.map((line) => (
          <Text size="sm" key={line.id}>
            {t(line.restocked ? 'returns.result.restocked' : 'returns.result.notRestocked', { sku: line.sku, count: line.quantity })}
          </Text>
        ))}
        <div>
          <Button mt="xs" size="xs" variant="white" onClick={onAnother}>
            {t('returns.result.another')}
          </Button>
        </div>
      </Stack>
    </Alert>
  )
}
