import { Alert, Button, Card, Group, NumberInput, Radio, SimpleGrid, Stack, Text, TextInput, Title, NativeSelect } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMoney, type Money } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { useStore } from '../../store-context.js'
import { CustomerPicker, type PickedCustomer } from './customer-picker.js'
import { useEndlessAisleOrder } from './use-endless-aisle.js'
import type { Availability, CheckoutBody } from './use-stock.js'

type Delivery = 'pickupHere' | 'home' | 'otherStore'

/** The size not on the shelf, ordered for the customer in front of the seller and attributed to this store. */
export function EndlessAisleOrder({ variantId, unitPrice, otherStores }: { variantId: string; unitPrice: Money; otherStores: Availability['locations'] }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const { locationId, location, channel } = useStore()
  const place = useEndlessAisleOrder()
  const [customer, setCustomer] = useState<PickedCustomer | null>(null)
  const [guest, setGuest] = useState({ firstName: '', lastName: '', email: '', phone: '' })
  const [quantity, setQuantity] = useState(1)
  const [delivery, setDelivery] = useState<Delivery>('pickupHere')
  const [pickupStore, setPickupStore] = useState(otherStores[0]?.locationId ?? '')
  const [address, setAddress] = useState({ line1: '', postalCode: '', city: '' })
  const [terminalReference, setTerminalReference] = useState('')
  const [contactMissing, setContactMissing] = useState(false)
  if (!channel || !locationId) return null
  const fulfilment = (): CheckoutBody['fulfilment'] => {
    if (delivery === 'home') {
      const name = customer?.name ?? [guest.firstName, guest.lastName].filter(Boolean).join(' ')
      return { method: 'endless_aisle', shippingAddress: { name, line1: address.line1, postalCode: address.postalCode, city: address.city, country: location?.address.country ?? 'FR' } }
    }
    if (delivery === 'otherStore') return { method: 'click_and_collect', pickupLocationId: pickupStore }
    return { method: 'endless_aisle', pickupLocationId: locationId }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const needsContact = !customer && !guest.email.trim() && !guest.phone.trim()
    setContactMissing(needsContact)
    if (needsContact) return
    const contact = customer ? undefined : Object.fromEntries(Object.entries(guest).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''))
    place.mutate({ channelId: channel.id, customerId: customer?.id ?? null, variantId, quantity, fulfilment: fulfilment(), contact, terminalReference: terminalReference.trim() })
  }
  if (place.data) {
    const pickupCode = place.data.fulfilments.find((f) => f.pickupCode)?.pickupCode
    return (
      <Alert color="teal" role="status" title={t('stock.order.done', { number: place.data.number, total: formatMoney(place.data.totals.total, locale), store: location?.name ?? '' })}>
        {pickupCode && <Text size="sm">{t('stock.order.pickupCode', { code: pickupCode })}</Text>}
      </Alert>
    )
  }
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="endless-aisle-title">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <div>
            <Title order={4} id="endless-aisle-title">
              {t('stock.order.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('stock.order.intro')}
            </Text>
          </div>
          <CustomerPicker value={customer} onChange={setCustomer} />
          {!customer && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              {(['firstName', 'lastName', 'email', 'phone'] as const).map((field) => (
                <TextInput key={field} label={t(`stock.order.${field}`)} type={field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'} value={guest[field]} onChange={(e) => setGuest({ ...guest, [field]: e.currentTarget.value })} autoComplete="off" />
              ))}
            </SimpleGrid>
          )}
          {contactMissing && (
            <Text size="sm" c="red.8" role="alert">
              {t('stock.order.contactNeeded')}
            </Text>
          )}
          <NumberInput label={t('stock.order.quantity')} min={1} max={20} value={quantity} onChange={(value) => setQuantity(Math.max(1, Number(value) || 1))} allowDecimal={false} maw={200} />
          <Radio.Group label={t('stock.order.delivery')} value={delivery} onChange={(value) => setDelivery(value as Delivery)}>
            <Stack gap={6} mt={6}>
              <Radio value="pickupHere" label={t('stock.order.methods.pickupHere')} />
              <Radio value="home" label={t('stock.order.methods.home')} />
              {otherStores.length > 0 && <Radio value="otherStore" label={t('stock.order.methods.otherStore')} />}
            </Stack>
          </Radio.Group>
          {delivery === 'otherStore' && <NativeSelect label={t('stock.order.pickupStore')} value={pickupStore} onChange={(e) => setPickupStore(e.currentTarget.value)} data={otherStores.map((s) => ({ value: s.locationId, label: s.name }))} />}
          {delivery === 'home' && (
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              {(['line1', 'postalCode', 'city'] as const).map((field) => (
                <TextInput key={field} required label={t(`stock.order.address.${field}`)} value={address[field]} onChange={(e) => setAddress({ ...address, [field]: e.currentTarget.value })} />
              ))}
            </SimpleGrid>
          )}
          <TextInput required label={t('stock.order.terminal')} value={terminalReference} onChange={(e) => setTerminalReference(e.currentTarget.value)} autoComplete="off" />
          {place.error && <ProblemAlert error={place.error} />}
          <Group justify="space-between" wrap="wrap">
            <Text fw={600}>{formatMoney({ amount: unitPrice.amount * quantity, currency: unitPrice.currency }, locale)}</Text>
            <Button type="submit" loading={place.isPending}>
              {t('stock.order.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
