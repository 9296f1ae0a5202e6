/**
 * The till of this device: which register it is (a setting of the device), then either "Open the till" with the float
 * counted, or the open session with its cash movements, its X report and "Close the till"; a close shows the Z report.
 */
import './till.css'
import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { QueryState } from '../../../../shared/ui/states.js'
import { useStore } from '../../store-context.js'
import { OpenSession } from './open-session.js'
import { OpenTill } from './open-till.js'
import { TillReportCard } from './till-report.js'
import { REGISTER_PATTERN, useRegister, useRegisterName, useZReport } from './use-till.js'

export function TillScreen() {
  const { t } = useTranslation()
  const { locationId } = useStore()
  const [register, setRegister] = useRegisterName()
  const current = useRegister(locationId, register)
  const [justClosed, setJustClosed] = useState<string | null>(null)
  const openSession = current.data?.openSession ?? null
  return (
    <Stack maw={820}>
      <Group justify="space-between" align="flex-end" wrap="wrap" className="till-no-print">
        <Title order={2}>{t('till.title')}</Title>
        <RegisterPicker register={register} onChange={setRegister} />
      </Group>
      {justClosed ? (
        <ClosedTill sessionId={justClosed} onDone={() => setJustClosed(null)} />
      ) : (
        <QueryState isPending={current.isPending} error={current.error} onRetry={() => void current.refetch()}>
          {current.data &&
            (openSession ? (
              <OpenSession key={openSession.id} session={openSession} onClosed={setJustClosed} />
            ) : (
              <OpenTill register={register} lastSession={current.data.lastSession} />
            ))}
        </QueryState>
      )}
    </Stack>
  )
}

/**
 * The register's name, shown and changed on demand (a setting, rarely touched), through a small form so a half-typed
 * name never becomes the device's register.
 */
function RegisterPicker({ register, onChange }: { register: string; onChange: (name: string) => void }) {
  const { t } = useTranslation()
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(register)
  const [error, setError] = useState<string | null>(null)
  if (!editing)
    return (
      <Group gap="xs" wrap="nowrap">
        <Text size="sm">{t('till.register.current', { register })}</Text>
        <Button variant="subtle" size="compact-sm" onClick={() => setEditing(true)}>
          {t('till.register.change')}
        </Button>
      </Group>
    )
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const name = text.trim()
    if (!REGISTER_PATTERN.test(name)) return setError(t('till.register.invalid'))
    setError(null)
    setEditing(false)
    onChange(name)
  }
  return (
    <form onSubmit={submit}>
      <Stack gap="xs" maw={320}>
        <TextInput label={t('till.register.label')} description={t('till.register.hint')} value={text} onChange={(e) => setText(e.currentTarget.value)} error={error} autoComplete="off" autoCapitalize="none" data-autofocus />
        <Group gap="xs">
          <Button type="submit" size="xs">
            {t('actions.save')}
          </Button>
          <Button variant="default" size="xs" onClick={() => setEditing(false)}>
            {t('actions.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function ClosedTill({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const { t } = useTranslation()
  const z = useZReport(sessionId)
  return (
    <Stack>
      <Group justify="space-between" className="till-no-print">
        <Text fw={600} size="lg" role="status">
          {t('till.closed.title')}
        </Text>
        <Button onClick={onDone}>{t('till.closed.done')}</Button>
      </Group>
      <QueryState isPending={z.isPending} error={z.error} onRetry={() => void z.refetch()}>
        {z.data && <TillReportCard report={z.data} />}
      </QueryState>
    </Stack>
  )
}
