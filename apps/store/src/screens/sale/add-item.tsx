/**
 * Adding an item: scanned or typed code (GET /v1/variants/{skuOrBarcode}, or the till's catalogue copy when the network
 * is down), or a search by name then a variant.
 */
import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { dataOf, isNetworkError, ProblemError } from '../../../../shared/api.js'
import { formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { CodeScanner } from '../../../../shared/ui/code-scanner.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { QueryState } from '../../../../shared/ui/states.js'
import { api } from '../../api.js'
import { findVariantOffline } from '../../offline/catalogue.js'
import type { PickedVariant } from './sale-model.js'

/** The variant of a scanned code: asked of the server, or, offline, found in the till's catalogue copy. */
async function findVariant(code: string): Promise<PickedVariant> {
  try {
    const found = await dataOf(api.GET('/v1/variants/{skuOrBarcode}', { params: { path: { skuOrBarcode: code } } }))
    return { id: found.id, sku: found.sku, title: found.product.title, options: found.options, price: found.price }
  } catch (error) {
    if (!isNetworkError(error)) throw error
    const kept = await findVariantOffline(code)
    if (!kept) throw new ProblemError({ type: 'about:blank', title: 'Not Found', status: 404 })
    return { id: kept.id, sku: kept.sku, title: kept.title, options: kept.options, price: kept.price }
  }
}

export function AddItem({ onPick }: { onPick: (variant: PickedVariant) => Promise<void> }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [text, setText] = useState('')
  const [term] = useDebouncedValue(text.trim(), 300)
  const [productId, setProductId] = useState<string | null>(null)
  const products = useQuery({
    queryKey: ['sale-products', term, i18n.language],
    enabled: term.length >= 2,
    queryFn: () => dataOf(api.GET('/v1/products', { params: { query: { q: term, lang: i18n.language === 'en' ? 'en' : 'fr', status: 'active', limit: 6 } } })),
  })
  const product = useQuery({
    queryKey: ['sale-product', productId],
    enabled: productId !== null,
    queryFn: () => dataOf(api.GET('/v1/products/{id}', { params: { path: { id: productId! } } })),
  })

  const pick = async (variant: PickedVariant) => {
    setBusy(true)
    setError(null)
    try {
      await onPick(variant)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  const scan = async (code: string) => {
    setBusy(true)
    setError(null)
    try {
      await onPick(await findVariant(code))
    } catch (e) {
      setError(e instanceof ProblemError && e.status === 404 ? new Error(t('sale.scan.notFound', { code })) : e)
    } finally {
      setBusy(false)
    }
  }
  const title = (value: { fr: string; en: string }) => (i18n.language === 'en' ? value.en : value.fr)
  return (
    <Stack gap="sm">
      <CodeScanner
        labels={{
          label: t('sale.scan.label'),
          description: t('sale.scan.description'),
          placeholder: t('sale.scan.placeholder'),
          submit: t('sale.scan.submit'),
          camera: t('sale.scan.camera'),
          cameraTitle: t('sale.scan.cameraTitle'),
          cameraUnavailable: t('sale.scan.cameraUnavailable'),
          close: t('actions.close'),
        }}
        onCode={(code) => void scan(code)}
        busy={busy}
      />
      {error ? <ProblemAlert error={error} /> : null}
      <TextInput
        label={t('sale.search.label')}
        placeholder={t('sale.search.placeholder')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        type="search"
        autoComplete="off"
      />
      {term.length >= 2 && (
        <QueryState isPending={products.isPending} error={products.error} isEmpty={products.data?.items.length === 0} empty={t('sale.search.none')}>
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {products.data?.items.map((item) => (
              <li key={item.id}>
                <Button
                  variant={productId === item.id ? 'light' : 'subtle'}
                  fullWidth
                  justify="space-between"
                  onClick={() => setProductId(item.id)}
                  rightSection={item.price ? formatMoney(item.price.min, locale) : null}
                >
                  {title(item.title)}
                </Button>
              </li>
            ))}
          </Stack>
        </QueryState>
      )}
      {productId && product.data && (
        <Card withBorder p="sm">
          <Text size="sm" mb={6}>
            {t('sale.search.pickSize', { title: title(product.data.title) })}
          </Text>
          <Group gap="xs">
            {product.data.variants.map((variant) => (
              <Button
                key={variant.id}
                size="sm"
                variant="outline"
                loading={busy}
                onClick={() => {
                  void pick({ id: variant.id, sku: variant.sku, title: product.data.title, options: variant.options, price: variant.price }).then(() => {
                    setProductId(null)
                    setText('')
                  })
                }}
              >
                {Object.values(variant.options).join(' · ') || variant.sku} — {formatMoney(variant.price, locale)}
              </Button>
            ))}
          </Group>
        </Card>
      )}
    </Stack>
  )
}
