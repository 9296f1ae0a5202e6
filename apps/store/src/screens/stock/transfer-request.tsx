import { Alert, Button, Card, Group, NumberInput, Stack, TextInput, Title } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { dataOf } from '../../../../shared/api.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { api } from '../../api.js'
import type { Availability } from './use-stock.js'

/** Asks another location to send units here; the API reserves them at the source at once. */
export function TransferRequest({ from, toLocationId, variantId, onClose }: { from: Availability['locations'][number]; toLocationId: string; variantId: string; onClose(): void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [quantity, setQuantity] = useState(1)
  const [note, setNote] = useState('')
  const request = useMutation({
    mutationFn: () => dataOf(api.POST('/v1/inventory/transfers', { body: { fromLocationId: from.locationId, toLocationId, lines: [{ variantId, quantity }], ...(note.trim() && { note: note.trim() }) } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['availability', variantId] }),
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    request.mutate()
  }
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="transfer-title">
      <Title order={4} id="transfer-title" mb="xs">
        {t('stock.transfer.title', { from: from.name })}
      </Title>
      {request.isSuccess ? (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel={t('actions.close')} onClose={onClose}>
          {t('stock.transfer.done', { count: quantity, from: from.name })}
        </Alert>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="xs">
            <Group grow wrap="wrap" align="flex-start">
              <NumberInput label={t('stock.transfer.quantity')} min={1} max={from.available} value={quantity} onChange={(value) => setQuantity(Math.max(1, Math.min(from.available, Number(value) || 1)))} allowDecimal={false} />
              <TextInput label={t('stock.transfer.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} />
            </Group>
            {request.error && <ProblemAlert error={request.error} />}
            <Group>
              <Button type="submit" loading={request.isPending}>
                {t('stock.transfer.submit')}
              </Button>
              <Button variant="subtle" onClick={onClose}>
                {t('actions.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  )
}
