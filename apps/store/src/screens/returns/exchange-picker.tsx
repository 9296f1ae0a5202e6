import { Button, Card, Checkbox, CloseButton, Group, Stack, Text, TextInput } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { useEffect, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemError, dataOf } from '../../../../shared/api.js'
import { formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { api } from '../../api.js'
import { useStore } from '../../store-context.js'
import type { ReturnBody } from './use-returns.js'

type Variant = Awaited<ReturnType<typeof findVariant>>
export interface ExchangeChoice {
  body: NonNullable<ReturnBody['exchange']>
}

function findVariant(code: string) {
  return dataOf(api.GET('/v1/variants/{skuOrBarcode}', { params: { path: { skuOrBarcode: code } } }))
}

/**
 * An exchange in the same operation: the new items (scanned or typed) are taken from this store's shelf and paid with
 * the returned goods; when they cost more, the API answers with the amount due, paid here on the card terminal.
 */
export function ExchangePicker({ value, onChange, problem }: { value: ExchangeChoice | null; onChange(choice: ExchangeChoice | null): void; problem: unknown }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const language = i18n.language === 'en' ? 'en' : 'fr'
  const { locationId } = useStore()
  const [enabled, setEnabled] = useState(value !== null)
  const [code, setCode] = useState('')
  const [items, setItems] = useState<Variant[]>([])
  const [terminalReference, setTerminalReference] = useState('')
  const lookup = useMutation({ mutationFn: findVariant, onSuccess: (variant) => { setItems((all) => [...all, variant]); setCode('') } })
  const due = problem instanceof ProblemError && problem.code === 'exchange-payment-mismatch' && typeof problem.problem.due === 'number' ? problem.problem.due : 0
  const currency = items[0]?.price.currency ?? 'EUR'
  useEffect(() => {
    if (!enabled || items.length === 0 || !locationId) return onChange(null)
    const counts = new Map<string, number>()
    for (const item of items) counts.set(item.id, (counts.get(item.id) ?? 0) + 1)
    const payments = due > 0 && terminalReference.trim() ? [{ method: 'card_terminal' as const, amount: due, terminalReference: terminalReference.trim() }] : undefined
    onChange({ body: { lines: [...counts].map(([variantId, quantity]) => ({ variantId, quantity })), fulfilment: { method: 'in_store' }, ...(payments && { payments }) } })
    // onChange is the parent's state setter: stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, items, due, terminalReference, locationId])
  const add = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    if (code.trim()) lookup.mutate(code.trim())
  }
  return (
    <Card withBorder padding="sm">
      <Checkbox label={t('returns.exchange.offer')} description={t('returns.exchange.hint')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
      {enabled && (
        <Stack gap="xs" mt="sm">
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput style={{ flex: '1 1 12rem' }} label={t('returns.exchange.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} onKeyDown={add} autoComplete="off" />
            <Button variant="light" loading={lookup.isPending} onClick={() => code.trim() && lookup.mutate(code.trim())}>
              {t('returns.exchange.add')}
            </Button>
          </Group>
          {lookup.error && <ProblemAlert error={lookup.error} />}
          {items.map((item, i) => (
            <Group key={`${item.id}-${i}`} justify="space-between" wrap="nowrap">
              <Text size="sm">
                {item.product.title[language]} {Object.values(item.options).join(' · ')} · {formatMoney(item.price, locale)}
              </Text>
              <CloseButton aria-label={t('returns.exchange.remove', { sku: item.sku })} onClick={() => setItems((all) => all.filter((_, j) => j !== i))} />
            </Group>
          ))}
          {due > 0 && (
            <TextInput label={t('returns.exchange.due', { amount: formatMoney({ amount: due, currency }, locale) })} description={t('returns.exchange.terminal')} value={terminalReference} onChange={(e) => setTerminalReference(e.currentTarget.value)} required />
          )}
        </Stack>
      )}
    </Card>
  )
}
