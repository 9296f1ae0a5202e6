import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'wouter'
import { dataOf } from '../../../../shared/api.js'
import { formatDateTime, formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { api, type Schemas } from '../../api.js'
import { useStore } from '../../store-context.js'

type Overview = Schemas['CustomerOverview']

/**
 * Her open and abandoned carts from every channel, with this store's stock for what is in them, and the button that
 * continues one here: the handoff moves it to this store's till channel and opens it in the sale screen.
 */
export function CustomerCarts({ customerId, overview }: { customerId: string; overview: Overview }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const [, navigate] = useLocation()
  const queryClient = useQueryClient()
  const { channel, locationId } = useStore()
  const carts = useQuery({
    queryKey: ['customer-carts', customerId, locationId],
    queryFn: () => dataOf(api.GET('/v1/customers/{id}/carts', { params: { path: { id: customerId }, query: { status: 'all', limit: 20, ...(locationId ? { locationId } : {}) } } })),
  })
  const linesOf = (cartId: string) => carts.data?.items.find((cart) => cart.id === cartId)?.lines ?? []
  const takeOver = useMutation({
    mutationFn: (cartId: string) => dataOf(api.POST('/v1/carts/{id}/handoff', { params: { path: { id: cartId } }, body: { channelId: channel!.id } })),
    onSuccess: (cart) => {
      void queryClient.invalidateQueries({ queryKey: ['customer-overview', customerId] })
      navigate(`/sale/${cart.id}`)
    },
  })
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        {t('customers.c360.carts')}
      </Title>
      {takeOver.error ? <ProblemAlert error={takeOver.error} /> : null}
      {carts.error ? <ProblemAlert error={carts.error} onRetry={() => void carts.refetch()} /> : null}
      {overview.carts.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('customers.c360.noCarts')}
        </Text>
      ) : (
        <Stack gap="sm">
          {overview.carts.map((cart) => (
            <Group key={cart.id} justify="space-between" wrap="wrap">
              <Group gap="xs">
                <Text fw={600}>{cart.channel.name}</Text>
                <Badge color={cart.abandoned ? 'orange' : 'blue'} variant="light">
                  {cart.abandoned ? t('customers.c360.abandoned') : t('customers.c360.open')}
                </Badge>
                <Text size="sm">
                  {t('customers.c360.items', { count: cart.itemCount })} · {formatMoney(cart.total, locale)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('customers.c360.lastActivity', { date: formatDateTime(cart.lastActivityAt, locale) })}
                </Text>
              </Group>
              <Button size="sm" onClick={() => takeOver.mutate(cart.id)} loading={takeOver.isPending && takeOver.variables === cart.id} disabled={!channel}>
                {t('customers.c360.takeOver')}
              </Button>
              <Stack gap={4} w="100%" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('customers.c360.linesOf', { channel: cart.channel.name })}>
                {linesOf(cart.id).map((line) => (
                  <Group key={line.id} component="li" justify="space-between" gap="xs" wrap="nowrap">
                    <Text size="sm">
                      {line.quantity} × {i18n.language === 'en' ? line.title.en : line.title.fr}{' '}
                      <Text span size="xs" c="dimmed">
                        {line.sku}
                      </Text>
                    </Text>
                    <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
                      <Text size="sm">{formatMoney(line.lineTotal, locale)}</Text>
                      {line.availableHere !== null && (
                        <Badge color={line.availableHere >= line.quantity ? 'teal' : line.availableHere > 0 ? 'orange' : 'red'} variant="light">
                          {line.availableHere > 0 ? t('customers.c360.inStock', { count: line.availableHere }) : t('customers.c360.outOfStock')}
                        </Badge>
                      )}
                    </Group>
                  </Group>
                ))}
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  )
}
