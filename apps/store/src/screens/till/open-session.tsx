/**
 * An open till: who opened it and when, cash put in or taken out with its reason, the X report read live, and the
 * close with the cash counted (confirmed first: a close is final). No close while this device still holds sales not
 * recorded by the server: the Z report would miss them, and the cash counted would not match it.
 */
import { Alert, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { formatDateTime, formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { useSession } from '../../../../shared/session.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { QueryState } from '../../../../shared/ui/states.js'
import type { StaffUser } from '../../api.js'
import { useQueueCounts } from '../../offline/queue.js'
import { useStore } from '../../store-context.js'
import { MoneyField, readAmount } from './money-field.js'
import { TillReportCard } from './till-report.js'
import { useTillActions, useXReport, type TillSession } from './use-till.js'

export function OpenSession({ session, onClosed }: { session: TillSession; onClosed: (sessionId: string) => void }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const me = useSession<StaffUser>().session?.user
  const x = useXReport(session.id)
  const who = session.openedByStaffId && session.openedByStaffId === me?.id ? t('till.session.you', { name: me.displayName }) : t('till.session.colleague')
  return (
    <Stack>
      <Card withBorder className="till-no-print">
        <Text fw={600}>{t('till.session.openedBy', { date: formatDateTime(session.openedAt, locale), name: who })}</Text>
        <Text size="sm">{t('till.session.float', { amount: formatMoney(session.float, locale) })}</Text>
      </Card>
      <QueryState isPending={x.isPending} error={x.error} onRetry={() => void x.refetch()}>
        {x.data && <TillReportCard report={x.data} onRefresh={() => void x.refetch()} />}
      </QueryState>
      <SimpleGrid cols={{ base: 1, md: 2 }} className="till-no-print">
        <CashMovementForm session={session} />
        <CloseTillForm session={session} onClosed={onClosed} />
      </SimpleGrid>
    </Stack>
  )
}

function CashMovementForm({ session }: { session: TillSession }) {
  const { t, i18n } = useTranslation()
  const { locationId } = useStore()
  const { move } = useTillActions(locationId, session.register)
  const currency = session.float.currency
  const [direction, setDirection] = useState<'in' | 'out'>('out')
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ amount?: string; reason?: string }>({})
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const minor = readAmount(amount, currency, i18n.language)
    const next = { amount: minor === null || minor <= 0 ? t('till.amountInvalid') : undefined, reason: reason.trim() === '' ? t('till.movement.reasonRequired') : undefined }
    setErrors(next)
    if (next.amount || next.reason || minor === null) return
    move.mutate(
      { sessionId: session.id, direction, amount: { amount: minor, currency }, reason: reason.trim() },
      {
        onSuccess: () => {
          setAmount('')
          setReason('')
        },
      },
    )
  }
  return (
    <Card withBorder component="section" aria-labelledby="till-move-title">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={3} size="h5" id="till-move-title">
            {t('till.movement.title')}
          </Title>
          <SegmentedControl
            aria-label={t('till.movement.direction')}
            value={direction}
            onChange={(value) => setDirection(value === 'in' ? 'in' : 'out')}
            data={[
              { value: 'out', label: t('till.movement.out') },
              { value: 'in', label: t('till.movement.in') },
            ]}
          />
          <MoneyField label={t('till.movement.amount')} value={amount} onChange={setAmount} currency={currency} error={errors.amount} />
          <TextInput label={t('till.movement.reason')} placeholder={t('till.movement.reasonHint')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} maxLength={200} />
          {move.error && <ProblemAlert error={move.error} />}
          {move.isSuccess && (
            <Text size="sm" fw={600} role="status">
              {t('till.movement.done', { amount: formatMoney(move.data.amount, localeOf(i18n.language)) })}
            </Text>
          )}
          <Group>
            <Button type="submit" variant="light" loading={move.isPending}>
              {t('till.movement.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}

function CloseTillForm({ session, onClosed }: { session: TillSession; onClosed: (sessionId: string) => void }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { locationId } = useStore()
  const { close } = useTillActions(locationId, session.register, onClosed)
  const currency = session.float.currency
  const [counted, setCounted] = useState('')
  const [note, setNote] = useState('')
  const [invalid, setInvalid] = useState(false)
  const [confirming, setConfirming] = useState<number | null>(null)
  const queue = useQueueCounts()
  const pending = queue.waiting + queue.attention
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (pending > 0) return
    const minor = readAmount(counted, currency, i18n.language)
    setInvalid(minor === null)
    setConfirming(minor)
  }
  const confirm = () => {
    if (confirming === null || pending > 0) return
    close.mutate({ sessionId: session.id, counted: { amount: confirming, currency }, note })
  }
  return (
    <Card withBorder component="section" aria-labelledby="till-close-title">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={3} size="h5" id="till-close-title">
            {t('till.close.title')}
          </Title>
          <Text size="sm">{t('till.close.intro')}</Text>
          <MoneyField
            label={t('till.close.counted')}
            value={counted}
            onChange={(text) => {
              setCounted(text)
              setConfirming(null)
            }}
            currency={currency}
            error={invalid ? t('till.amountInvalid') : null}
            withCount
          />
          <Textarea label={t('till.close.note')} placeholder={t('till.close.noteHint')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} autosize minRows={1} />
          {close.error && <ProblemAlert error={close.error} />}
          {pending > 0 && (
            <Alert color="red" role="alert" title={t('till.close.pendingTitle')}>
              <Stack gap="xs">
                <Text size="sm">
                  {t('till.close.pending', { waiting: queue.waiting, attention: queue.attention })}
                </Text>
                <Group>
                  <Button component={Link} href="/offline-sales" size="xs" variant="default">
                    {t('till.close.pendingLink')}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          {confirming === null || pending > 0 ? (
            <Group>
              <Button type="submit" color="red" variant="light" disabled={pending > 0}>
                {t('till.close.submit')}
              </Button>
            </Group>
          ) : (
            <Alert color="orange" role="alertdialog" aria-label={t('till.close.title')}>
              <Text size="sm" mb="xs">
                {t('till.close.confirm', { amount: formatMoney({ amount: confirming, currency }, locale) })}
              </Text>
              <Group gap="xs">
                <Button color="red" onClick={confirm} loading={close.isPending}>
                  {t('till.close.confirmYes')}
                </Button>
                <Button variant="default" onClick={() => setConfirming(null)}>
                  {t('actions.cancel')}
                </Button>
              </Group>
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  )
}
