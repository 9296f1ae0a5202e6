/**
 * The receipt of a sale, read back from the order the server recorded: number, lines, totals, tenders and change;
 * printable (window.print with a print stylesheet). The API has no receipt-by-email, so none is offered.
 */
import './receipt.css'
import { Button, Card, Divider, Group, Stack, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'wouter'
import { dataOf } from '../../../../shared/api.js'
import { formatDateTime, formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { QueryState } from '../../../../shared/ui/states.js'
import { api } from '../../api.js'
import { useStore } from '../../store-context.js'

export function ReceiptScreen() {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { orderId = '' } = useParams<{ orderId: string }>()
  const { location } = useStore()
  const order = useQuery({ queryKey: ['order', orderId], queryFn: () => dataOf(api.GET('/v1/orders/{id}', { params: { path: { id: orderId } } })) })
  const data = order.data
  const row = (label: string, value: string, strong = false) => (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Text size="sm" fw={strong ? 700 : undefined}>
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : undefined} style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
    </Group>
  )
  return (
    <Stack maw={520}>
      <QueryState isPending={order.isPending} error={order.error} onRetry={() => void order.refetch()}>
        {data && (
          <>
            <Group className="no-print" justify="space-between">
              <Button onClick={() => window.print()}>{t('sale.receipt.print')}</Button>
              <Button component={Link} href="/sale" variant="light">
                {t('sale.newSale')}
              </Button>
            </Group>
            <Text className="no-print" size="sm" c="dimmed">
              {t('sale.receipt.noEmail')}
            </Text>
            <Card withBorder className="receipt" component="article" aria-labelledby="receipt-title">
              <Stack gap={6}>
                <Title order={2} size="h3" id="receipt-title">
                  {t('sale.receipt.title')}
                </Title>
                {location && <Text size="sm">{location.name}</Text>}
                <Text size="sm" fw={600}>
                  {t('sale.receipt.order', { number: data.number })}
                </Text>
                <Text size="xs">{formatDateTime(data.placedAt, locale)}</Text>
                <Divider />
                {data.lines.map((line) => (
                  <div key={line.id}>
                    {row(
                      `${t('sale.receipt.quantity', { count: line.quantity })} ${i18n.language === 'en' ? line.title.en : line.title.fr}`,
                      formatMoney(line.total, locale),
                    )}
                    <Text size="xs" c="dimmed">
                      {line.sku}
                      {Object.values(line.options).length > 0 ? ` · ${Object.values(line.options).join(' · ')}` : ''}
                    </Text>
                  </div>
                ))}
                <Divider />
                {row(t('sale.totals.subtotal'), formatMoney(data.totals.subtotal, locale))}
                {data.discounts.map((d) => (
                  <div key={d.promotionId}>{row(d.couponCode ? `${d.name} (${d.couponCode})` : d.name, `−${formatMoney(d.amount, locale)}`)}</div>
                ))}
                {row(t('sale.receipt.total'), formatMoney(data.totals.total, locale), true)}
                {data.totals.vat.map((vat) => (
                  <Text key={vat.rate} size="xs" ta="right">
                    {t('sale.totals.vat', { rate: (vat.rate / 100).toLocaleString(locale) })} {formatMoney(vat.amount, locale)}
                  </Text>
                ))}
                <Divider label={t('sale.receipt.tenders')} labelPosition="left" />
                {data.payments.map((payment) => (
                  <div key={payment.id}>
                    {row(t(`sale.pay.methods.${payment.method}`, { defaultValue: payment.method }), formatMoney(payment.amount, locale))}
                    {payment.change && payment.change.amount > 0 && row(t('sale.receipt.change'), formatMoney(payment.change, locale), true)}
                  </div>
                ))}
                <Divider />
                <Text size="sm" ta="center">
                  {t('sale.receipt.thanks')}
                </Text>
              </Stack>
            </Card>
          </>
        )}
      </QueryState>
    </Stack>
  )
}
