import { Card, Group, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'wouter'
import { ProblemError } from '../../../../shared/api.js'
import { CameraScanButton } from '../../../../shared/ui/code-scanner.js'
import { QueryState } from '../../../../shared/ui/states.js'
import { ClaimCart, isCartCode } from './claim-cart.js'
import { api } from '../../api.js'
import { useStore } from '../../store-context.js'
import { findCustomers, type FoundCustomer } from './find-customers.js'

/** The seller's first screen: who is this customer? One box for a name, an email, a phone as said, or a scanned card. */
export function CustomerSearchScreen() {
  const { t } = useTranslation()
  const [, navigate] = useLocation()
  const { locationId } = useStore()
  const [text, setText] = useState('')
  const [debounced] = useDebouncedValue(text.trim(), 300)
  const term = debounced.replace(/[^\p{L}\p{N}]/gu, '').length >= 2 ? debounced : ''
  const found = useQuery({
    queryKey: ['customer-search', term, locationId],
    enabled: term !== '',
    queryFn: () => findCustomers(api, term, locationId),
    retry: (count, error) => !(error instanceof ProblemError && error.status < 500) && count < 2,
  })
  const open = (customer: FoundCustomer) => navigate(`/customers/${customer.id}`)
  // A scanner ends with Enter: a single match opens at once.
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (found.data?.length === 1) open(found.data[0]!)
  }
  return (
    <Stack maw={720}>
      <Title order={2}>{t('customers.search.title')}</Title>
      <form onSubmit={submit} role="search">
        <TextInput
          size="lg"
          label={t('customers.search.label')}
          description={t('customers.search.hint')}
          placeholder={t('customers.search.placeholder')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autoFocus
          autoComplete="off"
          inputMode="search"
          inputContainer={(field) => (
            <Group gap="xs" wrap="nowrap">
              <div style={{ flex: 1, minWidth: 0 }}>{field}</div>
              <CameraScanButton labels={{ camera: t('customers.search.camera'), cameraTitle: t('customers.search.cameraTitle'), cameraUnavailable: t('customers.search.cameraUnavailable'), close: t('actions.close') }} onCode={setText} />
            </Group>
          )}
        />
      </form>
      {isCartCode(debounced) && <ClaimCart code={debounced.toUpperCase()} />}
      {text.trim() !== '' && term === '' && debounced === text.trim() ? (
        <Text size="sm" c="dimmed">
          {t('customers.search.tooShort')}
        </Text>
      ) : (
        term !== '' && (
          <section aria-label={t('customers.search.results')}>
            <QueryState isPending={found.isPending} error={found.error} onRetry={() => void found.refetch()} isEmpty={found.data?.length === 0} empty={t('customers.search.none')}>
              <Stack gap="xs">
                {found.data?.map((customer) => (
                  <UnstyledButton key={customer.id} onClick={() => open(customer)} aria-label={customerName(customer, t('customers.search.noContact'))}>
                    <Card withBorder padding="sm">
                      <Group justify="space-between" wrap="wrap">
                        <Text fw={600}>{customerName(customer, t('customers.search.noContact'))}</Text>
                        <Text size="sm" c="dimmed">
                          {[customer.email, customer.phone, customer.postalCode].filter(Boolean).join(' · ')}
                        </Text>
                      </Group>
                    </Card>
                  </UnstyledButton>
                ))}
              </Stack>
            </QueryState>
          </section>
        )
      )}
    </Stack>
  )
}

/** "Léa Garcia", else her email or phone, else the given fallback. */
export function customerName(customer: { firstName: string | null; lastName: string | null; email: string | null; phone: string | null }, fallback: string): string {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ')
  return name || customer.email || customer.phone || fallback
}

