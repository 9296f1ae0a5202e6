import { Card, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { REASONS, type Condition, type Order, type ReturnReason } from './use-returns.js'

export interface LineChoice {
  quantity: number
  reason: ReturnReason
  condition: Condition
}

export const emptyChoice: LineChoice = { quantity: 0, reason: 'wrong_size', condition: 'resellable' }

/** One card per order line still returnable: how many came back, why, and in which state (stacked, no table on phone). */
export function ReturnLines({ order, choices, onChange }: { order: Order; choices: Record<string, LineChoice>; onChange(lineId: string, choice: LineChoice): void }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const language = i18n.language === 'en' ? 'en' : 'fr'
  return (
    <Stack gap="sm">
      {order.lines.map((line) => {
        const left = line.quantity - line.returnedQuantity
        const choice = choices[line.id] ?? emptyChoice
        const title = `${line.title[language] ?? line.title.fr ?? line.sku} ${Object.values(line.options).join(' · ')}`.trim()
        return (
          <Card key={line.id} withBorder padding="sm" component="fieldset" aria-label={title} style={{ margin: 0, minWidth: 0 }} disabled={left === 0}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text fw={600}>{title}</Text>
              <Text size="sm">{formatMoney(line.total, locale)}</Text>
            </Group>
            <Text size="xs" c="dimmed" mb="xs">
              {line.sku} · {t('returns.order.bought', { count: line.quantity })}
              {line.returnedQuantity > 0 && ` · ${t('returns.order.alreadyReturned', { count: line.returnedQuantity })}`}
            </Text>
            {left > 0 && (
              <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
                <NumberInput label={t('returns.order.quantity')} min={0} max={left} value={choice.quantity} onChange={(value) => onChange(line.id, { ...choice, quantity: Math.max(0, Math.min(left, Number(value) || 0)) })} allowDecimal={false} />
                <NativeSelect label={t('returns.order.reason')} value={choice.reason} onChange={(e) => onChange(line.id, { ...choice, reason: e.currentTarget.value as ReturnReason })} data={REASONS.map((reason) => ({ value: reason, label: t(`returns.reasons.${reason}`) }))} />
                <NativeSelect
                  label={t('returns.order.condition')}
                  value={choice.condition}
                  onChange={(e) => onChange(line.id, { ...choice, condition: e.currentTarget.value as Condition })}
                  data={(['resellable', 'damaged'] as const).map((condition) => ({ value: condition, label: t(`returns.conditions.${condition}`) }))}
                />
              </SimpleGrid>
            )}
          </Card>
        )
      })}
    </Stack>
  )
}
