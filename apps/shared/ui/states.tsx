import { Center, Loader, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from './problem-alert.js'

/** Loading, error and empty states of a query, in the user's language; children only once there is data. */
export function QueryState({ isPending, error, isEmpty, empty, onRetry, children }: { isPending: boolean; error: unknown; isEmpty?: boolean; empty?: ReactNode; onRetry?: () => void; children: ReactNode }) {
  const { t } = useTranslation()
  if (error) return <ProblemAlert error={error} onRetry={onRetry} />
  if (isPending)
    return (
      <Center py="lg" role="status" aria-live="polite">
        <Stack align="center" gap={4}>
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            {t('states.loading')}
          </Text>
        </Stack>
      </Center>
    )
  if (isEmpty)
    return (
      <Text c="dimmed" size="sm" py="sm">
        {empty ?? t('states.empty')}
      </Text>
    )
  return <>{children}</>
}
