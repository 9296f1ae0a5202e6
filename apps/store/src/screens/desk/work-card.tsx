import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemError } from '../../../../shared/api.js'
import { formatDateTime } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { useFulfilmentStep, type WorkItem } from './use-work-queue.js'

/** One order of the queue with the next step it needs: start picking, mark ready, or hand over against the code. */
export function WorkCard({ item, locationId, canUnlock, onDone }: { item: WorkItem; locationId: string; canUnlock: boolean; onDone(message: string): void }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language === 'en' ? 'en' : 'fr'
  const step = useFulfilmentStep(locationId, item.fulfilmentId)
  const [code, setCode] = useState('')
  const [terminalReference, setTerminalReference] = useState('')
  const [unlocked, setUnlocked] = useState(false)
  const name = [item.customer.firstName, item.customer.lastName].filter(Boolean).join(' ') || t('desk.noName')
  const heading = t('desk.order', { number: item.orderNumber })
  const atCounter = item.status === 'ready_for_pickup' && item.pickupLocationId === locationId
  const collect = (event: FormEvent) => {
    event.preventDefault()
    if (code.trim() === '') return
    step.mutate({ step: 'collect', pickupCode: code.trim(), terminalReference: terminalReference.trim() || undefined }, { onSuccess: () => onDone(t('desk.handover.done', { number: item.orderNumber })) })
  }
  const wrongCode = step.error instanceof ProblemError && step.error.code === 'wrong-pickup-code' ? step.error : null
  const locked = item.pickupLocked || (step.error instanceof ProblemError && step.error.code === 'pickup-locked')
  return (
    <Card withBorder padding="sm" component="article" aria-label={heading}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={700}>{heading}</Text>
          <Badge variant="light">{t(`fulfilmentStatus.${item.status}`)}</Badge>
        </Group>
        <Text size="sm">
          {name} · {t(`desk.methods.${item.method}`)}
        </Text>
        <Text size="xs" c="dimmed">
          {t('desk.placedAt', { date: formatDateTime(item.placedAt, localeOf(i18n.language)) })}
        </Text>
        <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {item.lines.map((line, i) => (
            <Text component="li" size="sm" key={`${line.sku}-${i}`}>
              {line.title[language]} {Object.values(line.options).join(' · ')} <Text span c="dimmed" size="xs">{line.sku}</Text> {t('desk.quantity', { count: line.quantity })}
            </Text>
          ))}
        </Stack>
        {item.method === 'reserve_in_store' && atCounter && (
          <Text size="xs" c="orange.9">
            {t('desk.handover.payAtTill')}
          </Text>
        )}
        {item.status === 'allocated' && item.sourceLocationId === locationId && (
          <Button variant="light" loading={step.isPending} onClick={() => step.mutate({ step: 'pick' })}>
            {t('desk.pick')}
          </Button>
        )}
        {item.status === 'picking' && item.pickupLocationId === locationId && item.sourceLocationId === locationId && (
          <Button loading={step.isPending} onClick={() => step.mutate({ step: 'ready' }, { onSuccess: () => onDone(t('desk.readyDone', { number: item.orderNumber })) })}>
            {t('desk.ready')}
          </Button>
        )}
        {item.status === 'picking' && item.sourceLocationId === locationId && item.pickupLocationId !== locationId && <ShipForm pending={step.isPending} onShip={(carrier, trackingNumber) => step.mutate({ step: 'ship', carrier, trackingNumber }, { onSuccess: () => onDone(t('desk.ship.done', { number: item.orderNumber })) })} />}
        {atCounter && !locked && (
          <form onSubmit={collect}>
            <Group align="flex-end" gap="xs" wrap="wrap">
              <TextInput
                style={{ flex: '1 1 10rem' }}
                label={t('desk.handover.code')}
                description={t('desk.handover.codeHint')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                inputMode="numeric"
                autoComplete="off"
                maxLength={6}
                aria-invalid={wrongCode ? true : undefined}
              />
              {item.method === 'reserve_in_store' && (
                <TextInput style={{ flex: '1 1 10rem' }} label={t('desk.handover.terminal')} value={terminalReference} onChange={(e) => setTerminalReference(e.currentTarget.value)} autoComplete="off" required />
              )}
              <Button type="submit" loading={step.isPending} disabled={code.trim() === ''}>
                {t('desk.handover.submit')}
              </Button>
            </Group>
          </form>
        )}
        {wrongCode ? (
          <Alert color="red" role="alert" title={t('desk.handover.wrong')}>
            <Text size="sm">{t('desk.handover.wrongDetail')}</Text>
            {typeof wrongCode.problem.attemptsLeft === 'number' && <Text size="sm">{t('desk.handover.attemptsLeft', { count: wrongCode.problem.attemptsLeft })}</Text>}
          </Alert>
        ) : locked && atCounter ? (
          <Alert color="orange" role="alert" title={t('desk.handover.locked')}>
            {canUnlock && (
              <Button mt="xs" size="xs" color="orange" loading={step.isPending} onClick={() => step.mutate({ step: 'unlock' }, { onSuccess: () => setUnlocked(true) })}>
                {t('desk.handover.unlock')}
              </Button>
            )}
          </Alert>
        ) : (
          step.error && <ProblemAlert error={step.error} />
        )}
        {unlocked && !locked && (
          <Text size="sm" c="teal.9" role="status">
            {t('desk.handover.unlocked')}
          </Text>
        )}
      </Stack>
    </Card>
  )
}

/** Hands a parcel prepared here to the carrier (home delivery, or units sent to the pickup store). */
function ShipForm({ pending, onShip }: { pending: boolean; onShip(carrier: string, trackingNumber: string): void }) {
  const { t } = useTranslation()
  const [carrier, setCarrier] = useState('')
  const [tracking, setTracking] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (carrier.trim() && tracking.trim()) onShip(carrier.trim(), tracking.trim())
  }
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <TextInput style={{ flex: '1 1 8rem' }} label={t('desk.ship.carrier')} value={carrier} onChange={(e) => setCarrier(e.currentTarget.value)} required maxLength={100} />
        <TextInput style={{ flex: '1 1 8rem' }} label={t('desk.ship.tracking')} value={tracking} onChange={(e) => setTracking(e.currentTarget.value)} required maxLength={100} autoComplete="off" />
        <Button type="submit" loading={pending}>
          {t('desk.ship.submit')}
        </Button>
      </Group>
    </form>
  )
}
