import { Alert, Button, Card, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime, formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import type { QueuedSale } from '../../offline/db.js'
import { api } from '../../api.js'
import { correctStockAndRetry, discardSale, dropCouponsAndRetry, retrySale, sendAsManager } from '../../offline/sale-actions.js'
import { adviceFor, maySend } from '../../offline/sync-policy.js'

interface Viewer {
  id: string
  name: string
  isManager: boolean
}

function totalOf(sale: QueuedSale): { amount: number; currency: string } | null {
  const first = sale.draft.lines[0]
  if (!first) return null
  return { amount: sale.draft.lines.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0), currency: first.unitPrice.currency }
}

/** One sale held on the device: what was sold, where it stands, and what can be done about it. */
export function QueuedSaleCard({ sale, viewer, online }: { sale: QueuedSale; viewer: Viewer; online: boolean }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [discarding, discardModal] = useDisclosure()
  const [reason, setReason] = useState('')
  const total = totalOf(sale)
  const items = sale.draft.lines.reduce((sum, line) => sum + line.quantity, 0)
  const flagged = sale.state === 'attention'
  const act = (work: () => Promise<unknown>) => async () => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }
  const title = t('offlineSales.sale.label', { date: formatDateTime(sale.queuedAt, locale) })
  return (
    <Card withBorder padding="sm" component="article" aria-label={title} style={flagged && viewer.isManager ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>{title}</Text>
          {total && (
            <Text fw={600}>{t('offlineSales.sale.total', { amount: formatMoney(total, locale) })}</Text>
          )}
        </Group>
        <Text size="sm">
          {t('offlineSales.sale.items', { count: items })} — {sale.draft.lines.map((line) => `${line.quantity} × ${line.title}`).join(', ')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('offlineSales.sale.soldBy', { name: sale.soldBy.name })}
          {sale.draft.couponCodes.length > 0 && ` · ${t('offlineSales.sale.coupons', { codes: sale.draft.couponCodes.join(', ') })}`}
        </Text>
        {sale.state !== 'discarded' && (
          <Text size="sm" c="dimmed">
            {sale.lastTriedAt ? t('offlineSales.sale.attempts', { count: sale.attempts, date: formatDateTime(sale.lastTriedAt, locale) }) : t('offlineSales.sale.notSent')}
          </Text>
        )}
        {sale.editedFrom && <Text size="sm">{t('offlineSales.sale.editedFrom')}</Text>}
        {sale.state === 'waiting' && !maySend(sale, viewer.id) && (
          <Alert color="yellow" variant="light">
            <Stack gap="xs">
              {/* Sent once by someone else: only she may send it again. Never sent: it waits for its seller. */}
              <Text size="sm">{sale.sentBy !== null ? t('offlineSales.sale.otherSender', { name: sale.soldBy.name }) : t('offlineSales.sale.waitingFor', { name: sale.soldBy.name })}</Text>
              {viewer.isManager && maySend(sale, viewer.id, true) && (
                <>
                  <Text size="sm" fw={600}>
                    {t('offlineSales.sale.managerSendHint', { name: sale.soldBy.name })}
                  </Text>
                  <Group>
                    <Button size="sm" variant="light" loading={busy} disabled={!online} onClick={act(() => sendAsManager(sale.id))}>
                      {t('offlineSales.actions.sendAsManager')}
                    </Button>
                  </Group>
                </>
              )}
            </Stack>
          </Alert>
        )}
        {flagged && sale.refusal && (
          <Alert color="red" variant="light" title={t('offlineSales.sale.refused', { title: t(`offlineSales.reasons.${adviceFor(sale.refusal)}`) })}>
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t(`offlineSales.advice.${adviceFor(sale.refusal)}`)}
              </Text>
              {/* The server's own words (English, naming ids) for whoever calls support. */}
              <Text size="xs" c="dimmed">
                {t('offlineSales.serverSays', { detail: [sale.refusal.title, sale.refusal.detail].filter(Boolean).join(' — ') })}
              </Text>
            </Stack>
          </Alert>
        )}
        {sale.state === 'discarded' && sale.discard && (
          <Text size="sm">{t('offlineSales.sale.discarded', { by: sale.discard.by, date: formatDateTime(sale.discard.at, locale), reason: sale.discard.reason })}</Text>
        )}
        {error !== null && <ProblemAlert error={error} />}
        {sale.state === 'waiting' && maySend(sale, viewer.id) && (
          <Group>
            <Button size="sm" variant="light" loading={busy} disabled={!online} onClick={act(() => retrySale(sale.id))}>
              {t('offlineSales.actions.sendNow')}
            </Button>
          </Group>
        )}
        {flagged && viewer.isManager && sale.soldBy.id !== viewer.id && sale.sentBy === null && (
          <Text size="sm" fw={600}>
            {t('offlineSales.sale.managerSendHint', { name: sale.soldBy.name })}
          </Text>
        )}
        {flagged && (
          <Group gap="xs" wrap="wrap">
            <Button size="sm" loading={busy} disabled={!online || !maySend(sale, viewer.id, viewer.isManager)} onClick={act(() => retrySale(sale.id, viewer.isManager))}>
              {t('offlineSales.actions.retry')}
            </Button>
            {viewer.isManager && sale.refusal?.shortfall && (
              <Button size="sm" variant="light" loading={busy} disabled={!online} onClick={act(() => correctStockAndRetry(api, sale.id, t('offlineSales.actions.stockNote', { date: formatDateTime(sale.queuedAt, locale) }), true))}>
                {t('offlineSales.actions.correctStock', { count: sale.refusal.shortfall.quantity })}
              </Button>
            )}
            {viewer.isManager && sale.draft.couponCodes.length > 0 && (
              <Button size="sm" variant="light" loading={busy} disabled={!online} onClick={act(() => dropCouponsAndRetry(sale.id, true))}>
                {t('offlineSales.actions.dropCoupons')}
              </Button>
            )}
            {viewer.isManager && (
              <Button size="sm" variant="subtle" color="red" onClick={discardModal.open}>
                {t('offlineSales.actions.discard')}
              </Button>
            )}
            {!viewer.isManager && (
              <Text size="sm" c="dimmed">
                {t('offlineSales.managerOnly')}
              </Text>
            )}
          </Group>
        )}
      </Stack>
      <Modal opened={discarding} onClose={discardModal.close} title={t('offlineSales.actions.confirmDiscard')}>
        <Stack>
          <Textarea label={t('offlineSales.actions.reason')} description={t('offlineSales.actions.reasonHint')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required autosize minRows={2} />
          <Group justify="flex-end">
            <Button variant="default" onClick={discardModal.close}>
              {t('actions.cancel')}
            </Button>
            <Button color="red" disabled={reason.trim() === ''} onClick={act(async () => {
              await discardSale(sale.id, reason.trim(), viewer.name)
              discardModal.close()
            })}>
              {t('offlineSales.actions.confirmDiscard')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  )
}
