import { Badge, Button, Card, Chip, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { useSession } from '../../../../shared/session.js'
import { QueryState } from '../../../../shared/ui/states.js'
import type { StaffUser } from '../../api.js'
import { useStore } from '../../store-context.js'
import { EndlessAisleOrder } from './endless-aisle-order.js'
import { TransferRequest } from './transfer-request.js'
import { useAvailability, useNearest, useProduct, type Availability } from './use-stock.js'

type Place = Availability['locations'][number]
/** Roles whose token carries inventory:write, which POST /v1/inventory/transfers requires. */
const TRANSFER_ROLES = new Set(['admin', 'store_manager', 'store_associate'])

/** A product's sizes, and for the one chosen: here, the other stores (nearest first), the warehouse. */
export function VariantStock({ productId, variantId, onVariant }: { productId: string; variantId: string | null; onVariant(id: string): void }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const language = i18n.language === 'en' ? 'en' : 'fr'
  const { locationId, location } = useStore()
  const { session } = useSession<StaffUser>()
  const product = useProduct(productId)
  const chosen = variantId ?? product.data?.variants[0]?.id ?? null
  const availability = useAvailability(chosen)
  const nearest = useNearest(chosen, location?.coordinates)
  const [transferFrom, setTransferFrom] = useState<Place | null>(null)
  // On the shelf here: ordering elsewhere is one click away rather than a form in the way.
  const [ordering, setOrdering] = useState(false)
  const variant = product.data?.variants.find((v) => v.id === chosen)
  const places = availability.data?.locations ?? []
  // A store that never stocked the variant has no row: it still shows, with none.
  const here: Place | undefined = places.find((p) => p.locationId === locationId) ?? (location && availability.data ? { locationId: location.id, code: location.code, name: location.name, kind: location.kind, available: 0, status: 'out_of_stock' } : undefined)
  const distance = (id: string) => nearest.data?.get(id)
  const stores = places.filter((p) => p.kind === 'store' && p.locationId !== locationId).sort((a, b) => (distance(a.locationId) ?? 1e9) - (distance(b.locationId) ?? 1e9))
  const warehouses = places.filter((p) => p.kind === 'warehouse')
  const canTransfer = TRANSFER_ROLES.has(session?.user.role ?? '')
  const placeCard = (place: Place, label: string) => (
    <Card withBorder padding="sm" key={place.locationId} component="article" aria-label={label}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text fw={600}>{label}</Text>
        <Badge color={place.status === 'out_of_stock' ? 'gray' : place.status === 'low_stock' ? 'orange' : 'teal'} variant="light">
          {t(`stock.status.${place.status}`)}
        </Badge>
      </Group>
      <Text size="sm">{place.available > 0 ? t('stock.available', { count: place.available }) : t('stock.none')}</Text>
      {place.locationId !== locationId && distance(place.locationId) !== undefined && (
        <Text size="xs" c="dimmed">
          {t('stock.distance', { km: Math.round(distance(place.locationId)!) })}
        </Text>
      )}
      {canTransfer && place.available > 0 && place.locationId !== locationId && (
        <Button mt="xs" size="xs" variant="light" onClick={() => setTransferFrom(place)}>
          {t('stock.transfer.request')}
        </Button>
      )}
    </Card>
  )
  return (
    <QueryState isPending={product.isPending} error={product.error} onRetry={() => void product.refetch()}>
      {product.data && (
        <Stack>
          <div>
            <Title order={3}>{product.data.title[language]}</Title>
            {variant && (
              <Text size="sm" c="dimmed">
                {variant.sku} {variant.barcode && `· ${variant.barcode}`} · {formatMoney(variant.price, locale)}
              </Text>
            )}
          </div>
          <Chip.Group value={chosen ?? ''} onChange={(id) => onVariant(String(id))}>
            <Group gap="xs" role="group" aria-label={t('stock.sizes')}>
              {product.data.variants.map((v) => (
                <Chip key={v.id} value={v.id} variant="outline">
                  {Object.values(v.options).join(' · ') || v.sku}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <QueryState isPending={availability.isPending} error={availability.error} onRetry={() => void availability.refetch()}>
            <Stack>
              {here && placeCard(here, t('stock.here', { store: here.name }))}
              <Text size="sm">{t('stock.total', { count: availability.data?.totalAvailable ?? 0 })}</Text>
              {stores.length > 0 && (
                <section aria-labelledby="stock-stores">
                  <Title order={4} id="stock-stores" mb="xs">
                    {t('stock.otherStores')}
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs">
                    {stores.map((place) => placeCard(place, place.name))}
                  </SimpleGrid>
                </section>
              )}
              {warehouses.length > 0 && (
                <section aria-labelledby="stock-warehouse">
                  <Title order={4} id="stock-warehouse" mb="xs">
                    {t('stock.warehouse')}
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs">
                    {warehouses.map((place) => placeCard(place, place.name))}
                  </SimpleGrid>
                </section>
              )}
              {transferFrom && locationId && variant && <TransferRequest key={transferFrom.locationId} from={transferFrom} toLocationId={locationId} variantId={variant.id} onClose={() => setTransferFrom(null)} />}
              {variant && (availability.data?.totalAvailable ?? 0) > (here?.available ?? 0) &&
                (ordering || (here?.available ?? 0) === 0 ? (
                  <EndlessAisleOrder variantId={variant.id} unitPrice={variant.price} otherStores={stores.filter((s) => s.available > 0)} />
                ) : (
                  <Button variant="default" onClick={() => setOrdering(true)} style={{ alignSelf: 'flex-start' }}>
                    {t('stock.order.title')}
                  </Button>
                ))}
            </Stack>
          </QueryState>
        </Stack>
      )}
    </QueryState>
  )
}
