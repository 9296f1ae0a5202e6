/** The basket: each line with its quantity (+/−), its price after promotions, this store's stock; then the totals. */
import { ActionIcon, Badge, Card, Divider, Group, Stack, Text, Title } from '@mantine/core'
import { useQueries } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { dataOf, isNetworkError } from '../../../../shared/api.js'
import { formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { api } from '../../api.js'
import { useStore } from '../../store-context.js'
import { titleIn, type SaleModel } from './sale-model.js'

export function SaleLines({ sale, busy, run }: { sale: SaleModel; busy: boolean; run: (action: () => Promise<void>) => void }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { locationId } = useStore()
  const stock = useQueries({
    queries: sale.lines.map((line) => ({
      queryKey: ['availability', line.variantId],
      staleTime: 15_000,
      queryFn: () => dataOf(api.GET('/v1/inventory/availability', { params: { query: { variantId: line.variantId } } })),
    })),
  })
  const cart = sale.cart
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        {t('sale.lines.title')}
      </Title>
      {sale.lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('sale.lines.empty')}
        </Text>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {sale.lines.map((line, i) => {
            const title = titleIn(line.title, i18n.language)
            const here = stock[i]?.data?.locations.find((l) => l.locationId === locationId)
            return (
              <li key={line.variantId}>
                <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
                  <div style={{ minWidth: 0, flex: '1 1 12rem' }}>
                    <Text fw={600}>{title}</Text>
                    <Group gap={6}>
                      <Text size="xs" c="dimmed">
                        {[line.sku, ...Object.values(line.options ?? {})].join(' · ')} · {t('sale.lines.each', { price: formatMoney(line.unitPrice, locale) })}
                      </Text>
                      {here && (
                        <Badge size="sm" variant="light" color={here.available > 0 ? 'teal' : 'red'}>
                          {here.available > 0 ? t('sale.lines.stockHere', { count: here.available }) : t('sale.lines.outHere')}
                        </Badge>
                      )}
                    </Group>
                  </div>
                  <Group gap={6} wrap="nowrap">
                    <ActionIcon
                      variant="default"
                      size="lg"
                      aria-label={t('sale.lines.less', { title })}
                      disabled={busy || line.quantity <= 1}
                      onClick={() => run(() => sale.setQuantity(line.variantId, line.quantity - 1))}
                    >
                      −
                    </ActionIcon>
                    <Text w={28} ta="center" fw={600} aria-label={t('sale.lines.quantity')}>
                      {line.quantity}
                    </Text>
                    <ActionIcon
                      variant="default"
                      size="lg"
                      aria-label={t('sale.lines.more', { title })}
                      disabled={busy}
                      onClick={() => run(() => sale.setQuantity(line.variantId, line.quantity + 1))}
                    >
                      +
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={t('sale.lines.remove', { title })}
                      disabled={busy}
                      onClick={() => run(() => sale.remove(line.variantId))}
                    >
                      ×
                    </ActionIcon>
                    <Text fw={600} w={88} ta="right">
                      {line.total ? formatMoney(line.total, locale) : '…'}
                    </Text>
                  </Group>
                </Group>
                {line.discountTotal && line.discountTotal.amount > 0 ? (
                  <Text size="xs" c="teal.9">
                    {t('sale.lines.discount', { amount: formatMoney(line.discountTotal, locale) })}
                  </Text>
                ) : null}
              </li>
            )
          })}
        </Stack>
      )}
      {sale.lines.length > 0 && (
        <>
          <Divider my="sm" />
          {cart ? (
            <Stack gap={2} aria-live="polite">
              <Group justify="space-between">
                <Text size="sm">{t('sale.totals.subtotal')}</Text>
                <Text size="sm">{formatMoney(cart.totals.subtotal, locale)}</Text>
              </Group>
              {cart.totals.discountTotal.amount > 0 && (
                <Group justify="space-between">
                  <Text size="sm">{t('sale.totals.discount')}</Text>
                  <Text size="sm">−{formatMoney(cart.totals.discountTotal, locale)}</Text>
                </Group>
              )}
              <Group justify="space-between">
                <Text fw={700} size="lg">
                  {t('sale.totals.total')}
                </Text>
                <Text fw={700} size="lg" data-testid="sale-total">
                  {formatMoney(cart.totals.total, locale)}
                </Text>
              </Group>
              {cart.totals.vat.map((vat) => (
                <Text key={vat.rate} size="xs" c="dimmed" ta="right">
                  {t('sale.totals.vat', { rate: (vat.rate / 100).toLocaleString(locale) })} {formatMoney(vat.amount, locale)}
                </Text>
              ))}
            </Stack>
          ) : // A refusal of the server (an unknown customer, a line it will not sell) is said; only a lost network means offline.
          sale.pricing.error && !isNetworkError(sale.pricing.error) ? (
            <ProblemAlert error={sale.pricing.error} />
          ) : (
            <Text size="sm" c="dimmed">
              {sale.pricing.isPending ? t('sale.totals.pricing') : t('sale.totals.offline')}
            </Text>
          )}
        </>
      )}
    </Card>
  )
}
