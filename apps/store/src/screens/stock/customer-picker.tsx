import { Button, Card, Group, Stack, Text, TextInput, UnstyledButton } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { QueryState } from '../../../../shared/ui/states.js'
import { api } from '../../api.js'
import { useStore } from '../../store-context.js'
import { customerName } from '../customers/customer-search-screen.js'
import { findCustomers } from '../customers/find-customers.js'

export interface PickedCustomer {
  id: string
  name: string
}

/** The customer the order is for, found as on the first screen; none picked means a guest with contact details. */
export function CustomerPicker({ value, onChange }: { value: PickedCustomer | null; onChange(customer: PickedCustomer | null): void }) {
  const { t } = useTranslation()
  const { locationId } = useStore()
  const [text, setText] = useState('')
  const [debounced] = useDebouncedValue(text.trim(), 300)
  const term = debounced.replace(/[^\p{L}\p{N}]/gu, '').length >= 2 ? debounced : ''
  const found = useQuery({ queryKey: ['customer-search', term, locationId], enabled: term !== '' && value === null, queryFn: () => findCustomers(api, term, locationId) })
  if (value)
    return (
      <Group justify="space-between">
        <Text fw={600}>{t('stock.order.identified', { name: value.name })}</Text>
        <Button size="xs" variant="subtle" onClick={() => onChange(null)}>
          {t('stock.order.change')}
        </Button>
      </Group>
    )
  return (
    <Stack gap="xs">
      <TextInput label={t('stock.order.findCustomer')} description={t('stock.order.guest')} value={text} onChange={(e) => setText(e.currentTarget.value)} autoComplete="off" />
      {term !== '' && (
        <QueryState isPending={found.isPending} error={found.error} isEmpty={found.data?.length === 0} empty={t('customers.search.none')}>
          <Stack gap={4}>
            {found.data?.map((c) => {
              const name = customerName(c, t('customers.search.noContact'))
              return (
                <UnstyledButton key={c.id} onClick={() => onChange({ id: c.id, name })}>
                  <Card withBorder padding="xs">
                    <Text size="sm" fw={600}>
                      {name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {[c.email, c.phone].filter(Boolean).join(' · ')}
                    </Text>
                  </Card>
                </UnstyledButton>
              )
            })}
          </Stack>
        </QueryState>
      )}
    </Stack>
  )
}
