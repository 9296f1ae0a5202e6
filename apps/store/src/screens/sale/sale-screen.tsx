/**
 * The till: /sale builds a new sale (`?customerId=` for an identified customer, none for an anonymous sale), and
 * /sale/:cartId continues the customer's cart the seller took over. Items by scan or search, coupons and loyalty,
 * tenders; paying opens the receipt.
 */
import { Alert, Grid, Stack, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation, useParams, useSearch } from 'wouter'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { QueryState } from '../../../../shared/ui/states.js'
import { catalogueMeta } from '../../offline/catalogue.js'
import { useStore } from '../../store-context.js'
import { AddItem } from './add-item.js'
import { CouponsPanel } from './coupons-panel.js'
import { PaymentPanel } from './payment-panel.js'
import { SaleLines } from './sale-lines.js'
import type { SaleModel } from './sale-model.js'
import { useCartSale } from './use-cart-sale.js'
import { useDraftSale } from './use-draft-sale.js'

export function SaleScreen() {
  const { cartId } = useParams<{ cartId?: string }>()
  const customerId = new URLSearchParams(useSearch()).get('customerId')
  const store = useStore()
  const kept = useKeptChannel()
  if (cartId) return <TakenOverSale key={cartId} cartId={cartId} />
  // Offline after a reload the store's channel cannot be asked for: the till's catalogue copy says which it was.
  const channelId = store.channel?.id ?? kept
  if (channelId && store.locationId) return <NewSale key={customerId ?? ''} channelId={channelId} locationId={store.locationId} customerId={customerId} />
  return (
    <QueryState isPending={store.isPending} error={store.error}>
      {null}
    </QueryState>
  )
}

/** The store channel of the till's catalogue copy, for a sale rung after an offline reload. */
function useKeptChannel(): string | undefined {
  const [channelId, setChannelId] = useState<string>()
  useEffect(() => {
    void catalogueMeta().then((meta) => setChannelId(meta?.channelId))
  }, [])
  return channelId
}

function NewSale({ channelId, locationId, customerId }: { channelId: string; locationId: string; customerId: string | null }) {
  const { t } = useTranslation()
  // A sale kept on the till (offline) ends like a recorded one: the next sale starts, and a notice says it waits.
  const [kept, setKept] = useState(0)
  return (
    <Stack>
      {kept > 0 && (
        <Alert color="orange" role="status" title={t('sale.queued.title')}>
          {t('sale.queued.detail')}
        </Alert>
      )}
      <DraftSale key={kept} channelId={channelId} locationId={locationId} customerId={customerId} onKept={() => setKept((n) => n + 1)} />
    </Stack>
  )
}

function DraftSale({ channelId, locationId, customerId, onKept }: { channelId: string; locationId: string; customerId: string | null; onKept: () => void }) {
  const sale = useDraftSale(channelId, locationId, customerId)
  return <SaleView sale={sale} onKept={onKept} />
}

function TakenOverSale({ cartId }: { cartId: string }) {
  const sale = useCartSale(cartId)
  return (
    <QueryState isPending={sale.query.isPending} error={sale.query.error} onRetry={() => void sale.query.refetch()}>
      <SaleView sale={sale} />
    </QueryState>
  )
}

function SaleView({ sale, onKept }: { sale: SaleModel; onKept?: () => void }) {
  const { t } = useTranslation()
  const [, navigate] = useLocation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const run = (action: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    action()
      .catch(setError)
      .finally(() => setBusy(false))
  }
  const currency = sale.cart?.currency ?? sale.lines[0]?.unitPrice.currency ?? 'EUR'
  return (
    <Stack>
      <Title order={2}>{sale.kind === 'cart' ? t('sale.takenOver') : t('sale.title')}</Title>
      {error ? <ProblemAlert error={error} /> : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <AddItem onPick={(variant) => sale.add(variant)} />
            <SaleLines sale={sale} busy={busy} run={run} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <CouponsPanel sale={sale} />
            {sale.lines.length > 0 && (
              <PaymentPanel
                due={sale.cart?.totals.total ?? null}
                currency={currency}
                canUseCredit={sale.customerId !== null}
                busy={busy}
                onPay={(tenders) =>
                  run(async () => {
                    const order = await sale.pay(tenders)
                    if (order) navigate(`/sale/receipt/${order.id}`, { replace: true })
                    else onKept?.()
                  })
                }
              />
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  )
}
