import { Card, Group, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDate, formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { QueryState } from '../../../../shared/ui/states.js'
import { api } from '../../api.js'
import { useStore } from '../../store-context.js'
import { customerName } from '../customers/customer-search-screen.js'
import { findCustomers, type FoundCustomer } from '../customers/find-customers.js'
import { useCustomerOverview } from '../customers/use-customer-360.js'

const ORDER_ID = /^ord_[0-9a-z]{10,40}$/i

/** Finds the order being brought back: its id as typed or scanned from the receipt, or the customer, then her orders. */
export function FindOrder({ onPick }: { onPick(orderId: string): void }) {
  const { t } = useTranslation()
  const { locationId } = useStore()
  const [text, setText] = useState('')
  const [customer, setCustomer] = useState<FoundCustomer | null>(null)
  const [debounced] = useDebouncedValue(text.trim(), 300)
  const term = !ORDER_ID.test(debounced) && debounced.replace(/[^\p{L}\p{N}]/gu, '').length >= 2 ? debounced : ''
  const found = useQuery({ queryKey: ['customer-search', term, locationId], enabled: term !== '', queryFn: () => findCustomers(api, term, locationId) })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const typed = text.trim()
    if (ORDER_ID.test(typed)) onPick(typed)
    else if (found.data?.length === 1) setCustomer(found.data[0]!)
  }
  if (customer) return <CustomerOrders customer={customer} onBack={() => setCustomer(null)} onPick={onPick} />
  return (
    <Stack>
      <form onSubmit={submit} role="search">
        <TextInput size="lg" label={t('returns.find.label')} description={t('returns.find.hint')} placeholder={t('returns.find.placeholder')} value={text} onChange={(e) => setText(e.currentTarget.value)} autoFocus autoComplete="off" />
      </form>
      {term !== '' && (
        <section aria-label={t('returns.find.customers')}>
          <QueryState isPending={found.isPending} error={found.error} onRetry={() => void found.refetch()} isEmpty={found.data?.length === 0} empty={t('returns.find.none')}>
            <Stack gap="xs">
              {found.data?.map((c) => (
                <UnstyledButton key={c.id} onClick={() => setCustomer(c)}>
                  <Card withBorder padding="sm">
                    <Group justify="space-between" wrap="wrap">
                      <Text fw={600}>{customerName(c, t('customers.search.noContact'))}</Text>
                      <Text size="sm" c="dimmed">
                        {[c.email, c.phone].filter(Boolean).join(' · ')}
                      </Text>
                    </Group>
                  </Card>
                </UnstyledButton>
              ))}
            </Stack>
          </QueryState>
        </section>
      )}
    </Stack>
  )
}

/** Her last orders from every channel (the 360's list), to pick the one she brings back. */
function CustomerOrders({ customer, onBack, onPick }: { customer: FoundCustomer; onBack(): void; onPick(orderId: string): void }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { locationId } = useStore()
  const overview = useCustomerOverview(customer.id, locationId)
  const name = customerName(customer, t('customers.search.noContact'))
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('returns.find.orders', { name })}</Title>
        <UnstyledButton onClick={onBack}>
          <Text c="blue.8" size="sm">
            ← {t('actions.back')}
          </Text>
        </UnstyledButton>
      </Group>
      <QueryState isPending={overview.isPending} error={overview.error} onRetry={() => void overview.refetch()} isEmpty={overview.data?.orders.length === 0} empty={t('returns.find.noOrders')}>
        <Stack gap="xs">
          {overview.data?.orders.map((order) => (
            <UnstyledButton key={order.id} onClick={() => onPick(order.id)}>
              <Card withBorder padding="sm">
                <Group justify="space-between" wrap="wrap">
                  <Text fw={600}>{t('returns.find.open', { number: order.number })}</Text>
                  <Text size="sm">{t(`orderStatus.${order.status}`, { defaultValue: order.status })}</Text>
                </Group>
                <Text size="sm" c="dimmed">
                  {t('returns.find.summary', { channel: order.channel.name, date: formatDate(order.placedAt, locale), total: formatMoney(order.total, locale) })} · {t('returns.find.items', { count: order.itemCount })}
                </Text>
              </Card>
            </UnstyledButton>
          ))}
        </Stack>
      </QueryState>
    </Stack>
  )
}
