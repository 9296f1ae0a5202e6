import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Schemas } from '../../api.js'

/** What she saved online, with this store's stock of each: what to show her on the shelf. */
export function CustomerWishlist({ overview }: { overview: Schemas['CustomerOverview'] }) {
  const { t, i18n } = useTranslation()
  const items = (overview.stock?.items ?? []).filter((item) => item.inWishlist)
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        {t('customers.c360.wishlist')}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('customers.c360.noWishlist')}
        </Text>
      ) : (
        <Stack gap={4}>
          {items.map((item) => (
            <Group key={item.variantId} justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm">
                {i18n.language === 'en' ? item.title.en : item.title.fr}{' '}
                <Text span size="xs" c="dimmed">
                  {item.sku}
                </Text>
              </Text>
              <Badge color={item.available > 0 ? 'teal' : 'red'} variant="light" style={{ flexShrink: 0 }}>
                {item.available > 0 ? t('customers.c360.inStock', { count: item.available }) : t('customers.c360.outOfStock')}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  )
}
