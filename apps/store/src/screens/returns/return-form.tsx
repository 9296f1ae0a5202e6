import { Anchor, Badge, Button, Card, Checkbox, Group, Radio, Stack, Text, Textarea, Title } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemError } from '../../../../shared/api.js'
import { formatDate, formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { QueryState } from '../../../../shared/ui/states.js'
import { useStore } from '../../store-context.js'
import { ExchangePicker, type ExchangeChoice } from './exchange-picker.js'
import { ReturnLines, type LineChoice } from './return-lines.js'
import { ReturnResult } from './return-result.js'
import { useOrder, useOrderReturns, useReceiveReturn, useTakeReturn, type Order, type Return, type ReturnBody } from './use-returns.js'

type RefundMethod = NonNullable<ReturnBody['refundMethod']>

/** The order brought back: its lines to choose from, the refund, the exchange, and what the return did. */
export function ReturnForm({ orderId, onChange }: { orderId: string; onChange(): void }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const order = useOrder(orderId)
  const [taken, setTaken] = useState<Return | null>(null)
  return (
    <Stack>
      <Anchor component="button" type="button" size="sm" onClick={onChange} style={{ alignSelf: 'flex-start' }}>
        ← {t('returns.order.change')}
      </Anchor>
      <QueryState isPending={order.isPending} error={order.error} onRetry={() => void order.refetch()}>
        {order.data && (
          <>
            <div>
              <Group gap="xs">
                <Title order={3}>{t('returns.order.title', { number: order.data.number })}</Title>
                <Badge variant="light">{t(`orderStatus.${order.data.status}`)}</Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {t('returns.order.placed', { channel: order.data.channel.name, date: formatDate(order.data.placedAt, locale) })} · {formatMoney(order.data.totals.total, locale)}
              </Text>
            </div>
            {taken ? <ReturnResult taken={taken} onAnother={() => setTaken(null)} /> : <TakeReturn order={order.data} onTaken={setTaken} />}
            <PreviousReturns orderId={orderId} />
          </>
        )}
      </QueryState>
    </Stack>
  )
}

function TakeReturn({ order, onTaken }: { order: Order; onTaken(taken: Return): void }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { locationId, location } = useStore()
  const take = useTakeReturn(order.id)
  const [choices, setChoices] = useState<Record<string, LineChoice>>({})
  const [refundMethod, setRefundMethod] = useState<RefundMethod>('original_payment')
  const [override, setOverride] = useState(false)
  const [overrideNote, setOverrideNote] = useState('')
  const [note, setNote] = useState('')
  const [exchange, setExchange] = useState<ExchangeChoice | null>(null)
  const [picked, setPicked] = useState(true)
  const returnable = order.lines.some((line) => line.quantity > line.returnedQuantity)
  const chosen = order.lines.filter((line) => (choices[line.id]?.quantity ?? 0) > 0)
  const estimate = chosen.reduce((sum, line) => sum + Math.round((line.total.amount / line.quantity) * choices[line.id]!.quantity), 0)
  const windowClosed = take.error instanceof ProblemError && take.error.code === 'return-window-closed'
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setPicked(chosen.length > 0)
    if (chosen.length === 0 || !locationId) return
    take.mutate(
      {
        lines: chosen.map((line) => ({ orderLineId: line.id, ...choices[line.id]! })),
        refundMethod,
        locationId,
        ...(note.trim() && { note: note.trim() }),
        ...(override && { overrideWindow: true, overrideNote: overrideNote.trim() }),
        ...(exchange && { exchange: exchange.body }),
      },
      { onSuccess: onTaken },
    )
  }
  if (!returnable) return <Text c="dimmed">{t('returns.order.nothingReturnable')}</Text>
  return (
    <form onSubmit={submit}>
      <Stack>
        <Title order={4}>{t('returns.order.lines')}</Title>
        <ReturnLines order={order} choices={choices} onChange={(lineId, choice) => setChoices((all) => ({ ...all, [lineId]: choice }))} />
        {!picked && (
          <Text c="red.8" size="sm" role="alert">
            {t('returns.order.pickOne')}
          </Text>
        )}
        <Radio.Group label={t('returns.order.refundMethod')} value={refundMethod} onChange={(value) => setRefundMethod(value as RefundMethod)}>
          <Stack gap={6} mt={6}>
            <Radio value="original_payment" label={t('returns.order.refundMethods.original_payment')} />
            <Radio value="store_credit" label={t('returns.order.refundMethods.store_credit')} disabled={!order.customerId} description={order.customerId ? undefined : t('returns.order.storeCreditNeedsCustomer')} />
          </Stack>
        </Radio.Group>
        <ExchangePicker value={exchange} onChange={setExchange} problem={take.error} />
        <Text size="sm" c="dimmed">
          {t('returns.order.restockHere', { store: location?.name ?? '' })}
        </Text>
        <Textarea label={t('returns.order.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} maxLength={500} />
        {windowClosed && (
          <Card withBorder padding="sm">
            <Checkbox label={t('returns.order.overrideWindow')} checked={override} onChange={(e) => setOverride(e.currentTarget.checked)} />
            {override && <Textarea mt="xs" label={t('returns.order.overrideNote')} value={overrideNote} onChange={(e) => setOverrideNote(e.currentTarget.value)} required maxLength={500} />}
          </Card>
        )}
        {take.error && <ProblemAlert error={take.error} />}
        <Group justify="space-between" wrap="wrap">
          <Text fw={600}>{t('returns.order.total', { amount: formatMoney({ amount: estimate, currency: order.totals.total.currency }, locale) })}</Text>
          <Button type="submit" loading={take.isPending}>
            {t('returns.order.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** Earlier returns of the order; one announced by mail or phone can be received here, parcel in hand. */
function PreviousReturns({ orderId }: { orderId: string }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { locationId } = useStore()
  const returns = useOrderReturns(orderId)
  const receive = useReceiveReturn(orderId, locationId ?? '')
  if (!returns.data?.length) return null
  return (
    <section aria-labelledby="previous-returns">
      <Title order={4} id="previous-returns" mb="xs">
        {t('returns.order.previous')}
      </Title>
      <Stack gap="xs">
        {returns.data.map((r) => (
          <Card withBorder padding="xs" key={r.id}>
            <Group justify="space-between" wrap="wrap">
              <Text size="sm">
                {t('returns.result.title', { number: r.number, status: t(`returnStatus.${r.status}`) })} · {formatMoney(r.totals.total, locale)}
              </Text>
              {r.status === 'requested' && locationId && (
                <Button size="xs" variant="light" loading={receive.isPending} onClick={() => receive.mutate(r.id)}>
                  {t('returns.order.receiveHere')}
                </Button>
              )}
            </Group>
          </Card>
        ))}
        {receive.error && <ProblemAlert error={receive.error} />}
      </Stack>
    </section>
  )
}
