import { Alert, Button, Group, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { describeProblem } from '../problem.js'

/** A failed call, in words: the problem's title and detail, its reference for support, and a retry when one helps. */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation()
  const text = describeProblem(error, t)
  return (
    <Alert color="red" title={text.title} role="alert">
      {text.detail && <Text size="sm">{text.detail}</Text>}
      {text.requestId && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('problems.requestId', { requestId: text.requestId })}
        </Text>
      )}
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('actions.retry')}
          </Button>
        </Group>
      )}
    </Alert>
  )
}
