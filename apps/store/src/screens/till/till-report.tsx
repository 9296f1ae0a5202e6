/**
 * An X or Z report as the drawer reads it: per tender, the sales and refunds; then the cash line by line down to what
 * the drawer should hold, and at close what was counted and the variance, coloured when the count is off. Stacked rows,
 * not a table, so a phone shows it without scrolling sideways; printed alone by the till's print stylesheet.
 */
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { formatDateTime, formatMoney, type Money } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { useStore } from '../../store-context.js'
import type { TillReport } from './use-till.js'

export function TillReportCard({ report, onRefresh }: { report: TillReport; onRefresh?: () => void }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const store = useStore().location?.name ?? ''
  const money = (m: Money) => formatMoney(m, locale)
  const { cash } = report
  const active = report.tenders.filter((tender) => tender.sales.count > 0 || tender.refunds.count > 0)
  const titleId = `till-report-${report.sessionId}-${report.kind}`
  return (
    <Card withBorder className="till-report" component="section" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div>
          <Title order={3} size="h4" id={titleId}>
            {report.kind === 'x' ? t('till.report.x') : t('till.report.z')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('till.report.window', { store, register: report.register, from: formatDateTime(report.openedAt, locale), until: formatDateTime(report.until, locale) })}
          </Text>
        </div>
        <Group gap="xs" className="till-no-print">
          {onRefresh && (
            <Button size="xs" variant="default" onClick={onRefresh}>
              {t('till.report.refresh')}
            </Button>
          )}
          <Button size="xs" variant="default" onClick={() => window.print()}>
            {t('till.report.print')}
          </Button>
        </Group>
      </Group>

      <Title order={4} size="h6" mt="md" mb={4}>
        {t('till.report.tenders')}
      </Title>
      {active.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('till.report.noActivity')}
        </Text>
      ) : (
        <Stack gap={6}>
          {active.map((tender) => (
            <Group key={tender.method} justify="space-between" wrap="wrap" gap={4} data-testid={`tender-${tender.method}`}>
              <Text size="sm" fw={600}>
                {t(`till.tenders.${tender.method}`)}
              </Text>
              <Stack gap={0} align="flex-end">
                <Text size="sm">{t('till.report.sales', { count: tender.sales.count, amount: money(tender.sales.amount) })}</Text>
                {tender.refunds.count > 0 && (
                  <Text size="sm" c="dimmed">
                    {t('till.report.refunds', { count: tender.refunds.count, amount: money(tender.refunds.amount) })}
                  </Text>
                )}
              </Stack>
            </Group>
          ))}
        </Stack>
      )}

      <Title order={4} size="h6" mt="md" mb={4}>
        {t('till.report.cash')}
      </Title>
      <dl className="till-lines">
        <Line label={t('till.report.float')} value={money(cash.float)} />
        <Line label={t('till.report.tendered')} value={money(cash.tendered)} />
        <Line label={t('till.report.change')} value={money(cash.change)} />
        <Line label={t('till.report.cashIn')} value={money(cash.cashIn)} />
        <Line label={t('till.report.cashOut')} value={money(cash.cashOut)} />
        <Line label={t('till.report.refunds')} value={money(cash.refunds)} />
        <Line label={t('till.report.expected')} value={money(cash.expected)} strong testId="till-expected" divided />
        {cash.counted && <Line label={t('till.report.counted')} value={money(cash.counted)} strong testId="till-counted" />}
      </dl>
      {cash.variance && <Variance variance={cash.variance} money={money} />}

      <Title order={4} size="h6" mt="md" mb={4}>
        {t('till.report.movements')}
      </Title>
      {report.movements.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('till.report.noMovements')}
        </Text>
      ) : (
        <Stack gap={4}>
          {report.movements.map((m) => (
            <Group key={m.id} justify="space-between" wrap="wrap" gap={4}>
              <Text size="sm">
                {m.direction === 'in' ? t('till.movement.in') : t('till.movement.out')} · {m.reason}
              </Text>
              <Text size="sm">
                {m.direction === 'in' ? '+' : '−'}
                {money(m.amount)} · {formatDateTime(m.createdAt, locale)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  )
}

function Line({ label, value, strong, testId, divided }: { label: string; value: string; strong?: boolean; testId?: string; divided?: boolean }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" data-testid={testId} {...(divided ? { mt: 4, pt: 4, style: { borderTop: '1px solid var(--mantine-color-gray-4)' } } : {})}>
      <Text component="dt" size="sm" fw={strong ? 700 : 400}>
        {label}
      </Text>
      <Text component="dd" size="sm" fw={strong ? 700 : 400} m={0} style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
    </Group>
  )
}

/** The variance, in words as well as colour: red when cash is missing, orange when there is too much, green when even. */
function Variance({ variance, money }: { variance: Money; money: (m: Money) => string }) {
  const { t } = useTranslation()
  const abs = { ...variance, amount: Math.abs(variance.amount) }
  const color = variance.amount === 0 ? 'green' : variance.amount < 0 ? 'red' : 'orange'
  const words = variance.amount === 0 ? t('till.report.balanced') : variance.amount < 0 ? t('till.report.short', { amount: money(abs) }) : t('till.report.over', { amount: money(abs) })
  return (
    <Group justify="space-between" mt="xs" p="xs" wrap="wrap" data-testid="till-variance" style={{ borderRadius: 8, border: `2px solid var(--mantine-color-${color}-7)` }}>
      <Text fw={700}>
        {t('till.report.varianceIs', { amount: `${variance.amount > 0 ? '+' : variance.amount < 0 ? '−' : ''}${money(abs)}` })}
      </Text>
      <Badge color={color} variant="light" size="lg">
        {words}
      </Badge>
    </Group>
  )
}
