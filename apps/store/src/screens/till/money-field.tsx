/**
 * An amount of cash typed by a cashier ("150", "12,50"), kept as text while typed and read in minor units; and a count
 * by coin and note that fills it, so a drawer is counted the way it is held.
 */
import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMoney, parseMoneyInput } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'

/** Euro notes and coins, in cents, largest first; other currencies are typed as one amount. */
const DENOMINATIONS: Record<string, number[]> = { EUR: [20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1] }

export function MoneyField({ label, value, onChange, currency, error, withCount = false, description }: { label: string; value: string; onChange: (text: string) => void; currency: string; error?: string | null; withCount?: boolean; description?: string }) {
  const { t, i18n } = useTranslation()
  const [counting, setCounting] = useState(false)
  const denominations = DENOMINATIONS[currency]
  return (
    <Stack gap="xs">
      <TextInput label={label} description={description} value={value} onChange={(e) => onChange(e.currentTarget.value)} inputMode="decimal" autoComplete="off" error={error} rightSection={<Text size="sm">{currency === 'EUR' ? '€' : currency}</Text>} maw={260} />
      {withCount && denominations && (
        <>
          <Group>
            <Button variant="subtle" size="compact-sm" onClick={() => setCounting((c) => !c)} aria-expanded={counting}>
              {counting ? t('till.count.hide') : t('till.count.show')}
            </Button>
          </Group>
          {counting && <CashCount denominations={denominations} currency={currency} locale={localeOf(i18n.language)} onUse={(amount) => onChange(String(amount / 100).replace('.', i18n.language === 'fr' ? ',' : '.'))} />}
        </>
      )}
    </Stack>
  )
}

function CashCount({ denominations, currency, locale, onUse }: { denominations: number[]; currency: string; locale: string; onUse: (amount: number) => void }) {
  const { t } = useTranslation()
  const [quantities, setQuantities] = useState<Record<number, string>>({})
  const total = denominations.reduce((sum, value) => sum + value * (Number.parseInt(quantities[value] ?? '', 10) || 0), 0)
  return (
    <fieldset style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, padding: 12 }}>
      <legend>
        <Text size="sm" fw={600} px={4}>
          {t('till.count.legend')}
        </Text>
      </legend>
      <SimpleGrid cols={{ base: 3, sm: 7 }} spacing="xs">
        {denominations.map((value) => {
          const face = formatMoney({ amount: value, currency }, locale)
          return (
            <TextInput
              key={value}
              size="xs"
              label={face}
              aria-label={t('till.count.quantity', { value: face })}
              inputMode="numeric"
              value={quantities[value] ?? ''}
              onChange={(e) => {
                const text = e.currentTarget.value.replace(/\D/g, '').slice(0, 5)
                setQuantities((q) => ({ ...q, [value]: text }))
              }}
            />
          )
        })}
      </SimpleGrid>
      <Group justify="space-between" mt="sm">
        <Text fw={600} aria-live="polite">
          {t('till.count.total', { amount: formatMoney({ amount: total, currency }, locale) })}
        </Text>
        <Button size="xs" variant="light" onClick={() => onUse(total)}>
          {t('till.count.use')}
        </Button>
      </Group>
    </fieldset>
  )
}

/** Minor units of a typed amount, or null (with the reason to show) when it is not one. */
export function readAmount(text: string, currency: string, language: string): number | null {
  return parseMoneyInput(text, currency, localeOf(language))
}
