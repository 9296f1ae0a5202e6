/** A register with no open session: open it with the float counted, and read the last session's Z report. */
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime, formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { QueryState } from '../../../../shared/ui/states.js'
import { useStore } from '../../store-context.js'
import { MoneyField, readAmount } from './money-field.js'
import { TillReportCard } from './till-report.js'
import { STORE_CURRENCY, useTillActions, useZReport, type TillSession } from './use-till.js'

export function OpenTill({ register, lastSession }: { register: string; lastSession: TillSession | null }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { locationId } = useStore()
  const { open } = useTillActions(locationId, register)
  const [float, setFloat] = useState('')
  const [invalid, setInvalid] = useState(false)
  const [showLast, setShowLast] = useState(false)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const amount = readAmount(float, STORE_CURRENCY, i18n.language)
    setInvalid(amount === null)
    if (amount !== null) open.mutate({ amount, currency: STORE_CURRENCY })
  }
  const last = lastSession?.status === 'closed' ? lastSession : null
  return (
    <Stack>
      <Card withBorder component="section" aria-labelledby="till-open-title" className="till-no-print">
        <form onSubmit={submit}>
          <Stack gap="sm">
            <Title order={3} size="h4" id="till-open-title">
              {t('till.open.title')}
            </Title>
            <Text size="sm">{t('till.open.intro')}</Text>
            <MoneyField label={t('till.open.float')} value={float} onChange={setFloat} currency={STORE_CURRENCY} error={invalid ? t('till.amountInvalid') : null} withCount />
            {open.error && <ProblemAlert error={open.error} />}
            <Group>
              <Button type="submit" size="md" loading={open.isPending}>
                {t('till.open.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {last && (
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap" className="till-no-print">
            <Text size="sm">
              {t('till.open.lastClosed', { date: formatDateTime(last.closedAt ?? last.openedAt, locale), variance: last.variance ? formatMoney(last.variance, locale) : '—' })}
            </Text>
            <Button variant="subtle" size="compact-sm" onClick={() => setShowLast((s) => !s)} aria-expanded={showLast}>
              {showLast ? t('till.closed.hideLast') : t('till.open.readLastZ')}
            </Button>
          </Group>
          {showLast && <LastZ sessionId={last.id} />}
        </Stack>
      )}
    </Stack>
  )
}

function LastZ({ sessionId }: { sessionId: string }) {
  const z = useZReport(sessionId)
  return (
    <QueryState isPending={z.isPending} error={z.error} onRetry={() => void z.refetch()}>
      {z.data && <TillReportCard report={z.data} />}
    </QueryState>
  )
}
