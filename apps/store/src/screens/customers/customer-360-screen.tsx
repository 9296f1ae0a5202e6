import { Anchor, Badge, Button, Card, Grid, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'wouter'
import { formatDate, formatDateTime, formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { QueryState } from '../../../../shared/ui/states.js'
import { useStore } from '../../store-context.js'
import { CustomerCarts } from './customer-carts.js'
import { customerName } from './customer-search-screen.js'
import { CustomerWishlist } from './customer-wishlist.js'
import { useCustomerOverview } from './use-customer-360.js'

/** Everything the shop knows about her, from every channel: who she is, what she agreed to, her carts, orders, returns. */
export function Customer360Screen() {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { id = '' } = useParams<{ id: string }>()
  const { locationId } = useStore()
  const overview = useCustomerOverview(id, locationId)
  const data = overview.data
  return (
    <Stack>
      <Anchor component={Link} href="/" size="sm">
        ← {t('customers.c360.back')}
      </Anchor>
      <QueryState isPending={overview.isPending} error={overview.error} onRetry={() => void overview.refetch()}>
        {data && (
          <>
            <Group justify="space-between" align="flex-end">
              <div>
                <Title order={2}>{customerName(data.customer, t('customers.search.noContact'))}</Title>
                <Text size="sm" c="dimmed">
                  {t('customers.c360.since', { date: formatDate(data.customer.createdAt, locale) })} · {data.customer.hasAccount ? t('customers.c360.account') : t('customers.c360.noAccount')}
                </Text>
              </div>
              <Group gap="xs">
                <Text size="sm">{t('customers.c360.orderCount', { count: data.counts.orders })}</Text>
                {data.counts.lifetimeSpend.map((money) => (
                  <Badge key={money.currency} variant="light" size="lg">
                    {t('customers.c360.lifetime', { amount: formatMoney(money, locale) })}
                  </Badge>
                ))}
              </Group>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Card withBorder>
                <Title order={3} size="h5" mb="xs">
                  {t('customers.c360.contact')}
                </Title>
                <Text size="sm">
                  <Text span size="sm" c="dimmed">
                    {t('customers.c360.email')}
                  </Text>{' '}
                  {data.customer.email ?? '—'}
                </Text>
                <Text size="sm">
                  <Text span size="sm" c="dimmed">
                    {t('customers.c360.phone')}
                  </Text>{' '}
                  {data.customer.phone ?? '—'}
                </Text>
                <Text size="sm">
                  <Text span size="sm" c="dimmed">
                    {t('customers.c360.postalCode')}
                  </Text>{' '}
                  {data.customer.postalCode ?? '—'}
                </Text>
              </Card>
              <Card withBorder>
                <Title order={3} size="h5" mb="xs">
                  {t('customers.c360.loyalty')}
                </Title>
                {data.loyalty ? (
                  <Stack gap={2}>
                    <Text fw={700} size="lg">
                      {t('customers.c360.points', { count: data.loyalty.points })}
                    </Text>
                    {data.loyalty.tier && <Badge variant="outline">{t('customers.c360.tier', { tier: data.loyalty.tier })}</Badge>}
                    <Text size="xs" c="dimmed">
                      {t('customers.c360.card', { number: data.loyalty.cardNumber })}
                    </Text>
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('customers.c360.noLoyalty')}
                  </Text>
                )}
                {data.storeCredit.amount > 0 && (
                  <Text size="sm" mt="xs">
                    {t('customers.c360.storeCredit', { amount: formatMoney(data.storeCredit, locale) })}
                  </Text>
                )}
              </Card>
              <Card withBorder>
                <Title order={3} size="h5" mb="xs">
                  {t('customers.c360.consents')}
                </Title>
                <Stack gap={4}>
                  {data.consents.map((consent) => (
                    <Group key={consent.purpose} justify="space-between" gap="xs" wrap="nowrap">
                      <Text size="sm">{t(`customers.c360.purposes.${consent.purpose}`, { defaultValue: consent.purpose })}</Text>
                      <Badge size="sm" variant="light" style={{ flexShrink: 0 }} color={consent.granted ? 'teal' : consent.granted === false ? 'red' : 'gray'}>
                        {consent.granted ? t('customers.c360.granted') : consent.granted === false ? t('customers.c360.refused') : t('customers.c360.neverAsked')}
                      </Badge>
                    </Group>
                  ))}
                </Stack>
              </Card>
            </SimpleGrid>
            <CustomerCarts customerId={data.customer.id} overview={data} />
            <CustomerWishlist overview={data} />
            <Grid>
              <Grid.Col span={{ base: 12, md: 7 }}>
                <Card withBorder>
                  <Title order={3} size="h4" mb="xs">
                    {t('customers.c360.orders')}
                  </Title>
                  {data.orders.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('customers.c360.noOrders')}
                    </Text>
                  ) : (
                    <Stack gap={6}>
                      {data.orders.map((order) => (
                        <Group key={order.id} justify="space-between" gap="xs" wrap="wrap">
                          <Text size="sm" fw={600}>
                            {t('customers.c360.orderNumber', { number: order.number })}
                          </Text>
                          <Text size="sm">{order.channel.name}</Text>
                          <Text size="sm">{formatDate(order.placedAt, locale)}</Text>
                          <Badge variant="light" size="sm">
                            {t(`orderStatus.${order.status}`, { defaultValue: order.status })}
                          </Badge>
                          <Text size="sm" fw={600}>
                            {formatMoney(order.total, locale)}
                          </Text>
                        </Group>
                      ))}
                    </Stack>
                  )}
                </Card>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Stack>
                  <Card withBorder>
                    <Title order={3} size="h4" mb="xs">
                      {t('customers.c360.returns')}
                    </Title>
                    {data.returns.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t('customers.c360.noReturns')}
                      </Text>
                    ) : (
                      data.returns.map((ret) => (
                        <Group key={ret.id} justify="space-between">
                          <Text size="sm">
                            {t('customers.c360.returnNumber', { number: ret.number })} · {ret.channel.name}
                          </Text>
                          <Text size="sm">{formatMoney(ret.total, locale)}</Text>
                        </Group>
                      ))
                    )}
                  </Card>
                  <Card withBorder>
                    <Title order={3} size="h4" mb="xs">
                      {t('customers.c360.recently')}
                    </Title>
                    {data.touchpoints.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t('customers.c360.noRecent')}
                      </Text>
                    ) : (
                      data.touchpoints.map((touchpoint) => (
                        <Group key={touchpoint.id} justify="space-between" wrap="nowrap">
                          <Text size="sm">{t(`customers.c360.touchpointKinds.${touchpoint.kind}`, { defaultValue: touchpoint.kind })}</Text>
                          <Text size="xs" c="dimmed">
                            {formatDateTime(touchpoint.occurredAt, locale)}
                          </Text>
                        </Group>
                      ))
                    )}
                  </Card>
                </Stack>
              </Grid.Col>
            </Grid>
            <Group>
              <Button component={Link} href={`/sale?customerId=${encodeURIComponent(data.customer.id)}`} variant="light">
                {t('layout.nav.sale')}
              </Button>
            </Group>
          </>
        )}
      </QueryState>
    </Stack>
  )
}
