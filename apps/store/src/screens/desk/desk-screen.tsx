import { Alert, Badge, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSession } from '../../../../shared/session.js'
import { QueryState } from '../../../../shared/ui/states.js'
import type { StaffUser } from '../../api.js'
import { useStore } from '../../store-context.js'
import { useWorkQueue, type WorkQueue } from './use-work-queue.js'
import { WorkCard } from './work-card.js'

const SECTIONS = ['toHandOver', 'toPrepare', 'incoming', 'toPick'] as const satisfies readonly (keyof WorkQueue)[]

/** The click-and-collect desk of the associate's own store: what to prepare, what is on its way, what to hand over. */
export function DeskScreen() {
  const { t } = useTranslation()
  const { locationId } = useStore()
  const { session } = useSession<StaffUser>()
  const canUnlock = session?.user.role === 'store_manager' || session?.user.role === 'admin'
  const { queue, live } = useWorkQueue(locationId)
  const [notice, setNotice] = useState<string | null>(null)
  return (
    <Stack>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('desk.title')}</Title>
          <Text size="sm" c="dimmed" maw={720}>
            {t('desk.intro')}
          </Text>
        </div>
        <Badge variant="dot" color={live ? 'teal' : 'gray'} role="status">
          {live ? t('desk.live') : t('desk.notLive')}
        </Badge>
      </Group>
      {notice && (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel={t('actions.close')} onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <QueryState isPending={queue.isPending} error={queue.error} onRetry={() => void queue.refetch()}>
        {queue.data && locationId && (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            {SECTIONS.filter((section) => section !== 'toPick' || queue.data[section].length > 0).map((section) => (
              <section key={section} aria-labelledby={`desk-${section}`}>
                <Title order={3} size="h4" id={`desk-${section}`} mb="xs">
                  {t(`desk.sections.${section}`)} ({queue.data[section].length})
                </Title>
                {queue.data[section].length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t(`desk.empty.${section}`)}
                  </Text>
                ) : (
                  <Stack gap="sm">
                    {queue.data[section].map((item) => (
                      <WorkCard key={item.fulfilmentId} item={item} locationId={locationId} canUnlock={canUnlock} onDone={setNotice} />
                    ))}
                  </Stack>
                )}
              </section>
            ))}
          </SimpleGrid>
        )}
      </QueryState>
    </Stack>
  )
}
