/**
 * Tenders: cash (with the change to give back), the external card terminal (its slip reference), a gift card (code and
 * PIN), store credit; several split one sale. What is due is the server's total; the change is tendered − amount.
 * Offline, gift card and store credit are not offered: the server must check them, and a sale kept for later would
 * hold the card's code and PIN on the device (submitSale refuses them too).
 */
import { Button, Card, CloseButton, Group, PasswordInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMoney, parseMoneyInput } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { useOnline } from '../../offline/online.js'
import { NETWORK_ONLY_METHODS, needsNetwork, type Money, type Tender } from '../../sales/sale-draft.js'

type Method = Tender['method']
const METHODS: Method[] = ['cash', 'card_terminal', 'gift_card', 'store_credit']

export function PaymentPanel({
  due,
  currency,
  canUseCredit,
  busy,
  onPay,
}: {
  due: Money | null
  currency: string
  canUseCredit: boolean
  busy: boolean
  onPay: (tenders: Tender[]) => void
}) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const [tenders, setTenders] = useState<Tender[]>([])
  const online = useOnline()
  const [picked, setMethod] = useState<Method>('cash')
  const methods = METHODS.filter((m) => (m !== 'store_credit' || canUseCredit) && (online || !NETWORK_ONLY_METHODS.has(m)))
  // Going offline with the gift card picked falls back to cash; its typed code is not kept in any tender.
  const method: Method = methods.includes(picked) ? picked : 'cash'
  const blocked = !online && needsNetwork(tenders)
  const [amountText, setAmountText] = useState('')
  const [tenderedText, setTenderedText] = useState('')
  const [reference, setReference] = useState('')
  const [giftCode, setGiftCode] = useState('')
  const [pin, setPin] = useState('')
  const money = (amount: number) => formatMoney({ amount, currency }, locale)
  const covered = tenders.reduce((sum, tender) => sum + (tender.amount ?? 0), 0)
  const remaining = due ? Math.max(0, due.amount - covered) : null
  const typedAmount = amountText.trim() ? parseMoneyInput(amountText, currency, locale) : remaining
  const tendered = tenderedText.trim() ? parseMoneyInput(tenderedText, currency, locale) : null
  const amount = typedAmount ?? undefined
  const change = method === 'cash' && tendered !== null && amount !== undefined ? tendered - amount : null

  const entry = (): Tender | null => {
    if (amountText.trim() && typedAmount === null) return null
    switch (method) {
      case 'cash':
        if (tendered === null || (amount !== undefined && tendered < amount)) return null
        return { method, amount, tendered }
      case 'card_terminal':
        return reference.trim() ? { method, amount, terminalReference: reference.trim() } : null
      case 'gift_card':
        return giftCode.trim() && pin.trim() ? { method, amount, code: giftCode.trim(), pin: pin.trim() } : null
      case 'store_credit':
        return { method, amount }
    }
  }
  const current = entry()
  const reset = () => {
    setAmountText('')
    setTenderedText('')
    setReference('')
    setGiftCode('')
    setPin('')
  }
  const payAll = current !== null && (remaining === null || (current.amount ?? 0) >= remaining)
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {t('sale.pay.title')}
          </Title>
          {remaining !== null && (
            <Text fw={700} aria-live="polite">
              {t('sale.pay.due', { amount: money(remaining) })}
            </Text>
          )}
        </Group>
        {tenders.length > 0 && (
          <Stack gap={4} aria-label={t('sale.pay.tenders')} component="section">
            {tenders.map((tender, i) => (
              <Group key={i} justify="space-between" wrap="nowrap">
                <Text size="sm">{t(`sale.pay.methods.${tender.method}`)}</Text>
                <Group gap={4} wrap="nowrap">
                  <Text size="sm">{tender.amount !== undefined ? money(tender.amount) : '—'}</Text>
                  <CloseButton size="sm" aria-label={t('sale.pay.removeTender')} onClick={() => setTenders((all) => all.filter((_, j) => j !== i))} />
                </Group>
              </Group>
            ))}
          </Stack>
        )}
        <SegmentedControl
          aria-label={t('sale.pay.method')}
          value={method}
          onChange={(value) => setMethod(value as Method)}
          data={methods.map((m) => ({ value: m, label: t(`sale.pay.methods.${m}`) }))}
          fullWidth
          styles={{ root: { flexWrap: 'wrap' } }}
        />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label={t('sale.pay.amount')}
            placeholder={remaining !== null ? money(remaining) : undefined}
            value={amountText}
            onChange={(e) => setAmountText(e.currentTarget.value)}
            inputMode="decimal"
            error={amountText.trim() && typedAmount === null ? t('sale.pay.invalidAmount') : null}
          />
          {method === 'cash' && (
            <TextInput
              label={t('sale.pay.tendered')}
              value={tenderedText}
              onChange={(e) => setTenderedText(e.currentTarget.value)}
              inputMode="decimal"
              error={tenderedText.trim() && tendered === null ? t('sale.pay.invalidAmount') : change !== null && change < 0 ? t('sale.pay.tooLittle') : null}
            />
          )}
          {method === 'card_terminal' && (
            <TextInput label={t('sale.pay.reference')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} autoComplete="off" />
          )}
          {method === 'gift_card' && (
            <>
              <TextInput label={t('sale.pay.giftCode')} value={giftCode} onChange={(e) => setGiftCode(e.currentTarget.value)} autoComplete="off" />
              <PasswordInput label={t('sale.pay.giftPin')} value={pin} onChange={(e) => setPin(e.currentTarget.value)} inputMode="numeric" autoComplete="off" />
            </>
          )}
        </Group>
        {!online && (
          <Text size="sm" c={blocked ? 'red.8' : 'dimmed'} fw={blocked ? 600 : undefined}>
            {t('sale.pay.offlineMethods')}
          </Text>
        )}
        {change !== null && change >= 0 && (
          <Text size="xl" fw={700} c="teal.9" aria-live="polite">
            {t('sale.pay.change', { amount: money(change) })}
          </Text>
        )}
        <Group justify="space-between" wrap="wrap">
          <Button
            variant="default"
            disabled={!current || payAll}
            onClick={() => {
              if (current) setTenders((all) => [...all, current])
              reset()
            }}
          >
            {t('sale.pay.addTender')}
          </Button>
          <Button size="md" loading={busy} disabled={!current || !payAll || blocked || due?.amount === 0} onClick={() => current && onPay([...tenders, current])}>
            {t('sale.pay.submit', { amount: due ? money(due.amount) : '' })}
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}
