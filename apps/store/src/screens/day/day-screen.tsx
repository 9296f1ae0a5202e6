/**
 * A manager's look at the store's day: orders and average basket, takings by tender and sales by seller (each a line
 * of text with a bar beside it: Mantine's Progress, no chart library in the bundle), the pickups waiting now and the
 * returns received. Associates get a plain "managers only" (the API answers them 403 anyway).
 */
import { ActionIcon, Alert, Card, Group, Progress, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDate, formatMoney, type Money } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { useSession } from '../../../../shared/session.js'
import { QueryState } from '../../../../shared/ui/states.js'
import type { Schemas, StaffUser } from '../../api.js'
import { useStore } from '../../store-context.js'
import { isDate, shiftDate, todayIn, useStoreDay } from './use-store-day.js'

export function DayScreen() {
  const { t } = useTranslation()
  const role = useSession<StaffUser>().session?.user.role
  const isManager = role === 'store_manager' || role === 'admin'
  return (
    <Stack maw={960}>
      <Title order={2}>{t('day.title')}</Title>
      {isManager ? (
        <StoreDay />
      ) : (
        <Alert color="orange" title={t('day.managersOnly')} role="alert">
          {t('day.managersOnlyDetail')}
        </Alert>
      )}
    </Stack>
  )
}

function StoreDay() {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { locationId, location } = useStore()
  const today = todayIn(location?.timezone)
  const [date, setDate] = useState(today)
  const day = useStoreDay(locationId, date, isDate(date))
  return (
    <Stack>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <ActionIcon variant="default" size="lg" mb={2} onClick={() => setDate((d) => shiftDate(isDate(d) ? d : today, -1))} aria-label={t('day.previous')}>
          ‹
        </ActionIcon>
        <TextInput type="date" label={t('day.date')} value={date} max={today} onChange={(e) => setDate(e.currentTarget.value)} w={180} />
        <ActionIcon variant="default" size="lg" mb={2} onClick={() => setDate((d) => shiftDate(d, 1))} disabled={!isDate(date) || date >= today} aria-label={t('day.next')}>
          ›
        </ActionIcon>
      </Group>
      {isDate(date) && (
        <QueryState isPending={day.isPending} error={day.error} onRetry={() => void day.refetch()}>
          {day.data && <DayReport day={day.data} locale={locale} heading={formatDate(`${date}T12:00:00Z`, locale)} />}
        </QueryState>
      )}
    </Stack>
  )
}

function DayReport({ day, locale, heading }: { day: Schemas['StoreDay']; locale: string; heading: string }) {
  const { t } = useTranslation()
  const money = (m: Money) => formatMoney(m, locale)
  const tenders = day.tenders.filter((tender) => tender.count > 0)
  const topTender = Math.max(1, ...tenders.map((tender) => tender.amount.amount))
  const topSeller = Math.max(1, ...day.sellers.map((seller) => seller.total.amount))
  return (
    <Stack>
      <div>
        <Title order={3} size="h4">
          {heading}
        </Title>
        <Text size="sm" c="dimmed">
          {t('day.window', { timezone: day.timezone, currency: day.currency })}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Figure label={t('day.orders')} value={t('day.orderCount', { count: day.orders.count })} />
        <Figure label={t('day.total')} value={money(day.orders.total)} />
        <Figure label={t('day.averageBasket')} value={money(day.orders.averageBasket)} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t('day.byTender')} testId="day-tenders">
          {tenders.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('day.noTenders')}
            </Text>
          ) : (
            tenders.map((tender) => <Bar key={tender.method} label={t(`till.tenders.${tender.method}`)} value={t('day.tenderLine', { count: tender.count, amount: money(tender.amount) })} share={tender.amount.amount / topTender} />)
          )}
        </Section>
        <Section title={t('day.bySeller')} testId="day-sellers">
          {day.sellers.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('day.noSellers')}
            </Text>
          ) : (
            day.sellers.map((seller) => <Bar key={seller.staffId ?? 'none'} label={seller.name ?? t('day.noSeller')} value={t('day.sellerLine', { count: seller.orderCount, amount: money(seller.total) })} share={seller.total.amount / topSeller} />)
          )}
        </Section>
        <Section title={t('day.pickups')} testId="day-pickups">
          <Count label={t('day.toPrepare')} value={day.clickAndCollect.toPrepare} />
          <Count label={t('day.incoming')} value={day.clickAndCollect.incoming} />
          <Count label={t('day.readyToHandOver')} value={day.clickAndCollect.readyToHandOver} />
        </Section>
        <Section title={t('day.returns')} testId="day-returns">
          <Text size="sm">{t('day.returnsLine', { count: day.returns.received, amount: money(day.returns.total) })}</Text>
          {day.returns.refunds.map((refund) => (
            <Text key={refund.method} size="sm" c="dimmed">
              {t('day.refundsBy', { method: t(`till.tenders.${refund.method}`, { defaultValue: refund.method }), amount: money(refund.amount), count: refund.count })}
            </Text>
          ))}
        </Section>
      </SimpleGrid>
    </Stack>
  )
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Card>
  )
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title} data-testid={testId}>
      <Title order={4} size="h5" mb="xs">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Card>
  )
}

/** A line of text with a bar under it; the bar only repeats the text, so screen readers skip it. */
function Bar({ label, value, share }: { label: string; value: string; share: number }) {
  return (
    <div>
      <Group justify="space-between" wrap="wrap" gap={4}>
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="sm">{value}</Text>
      </Group>
      <div aria-hidden="true">
        <Progress value={Math.round(share * 100)} size="sm" mt={4} />
      </div>
    </div>
  )
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <Group justify="space-between">
      <Text size="sm">{label}</Text>
      <Text size="sm" fw={700}>
        {value}
      </Text>
    </Group>
  )
}
