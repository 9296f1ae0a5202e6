import { Card, Group, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation, useSearch } from 'wouter'
import { formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { VariantStock } from './variant-stock.js'
import { findProducts } from './use-stock.js'

/** Any SKU, barcode or product: its stock here, in every other store and the warehouse; order or transfer what is missing. */
export function StockScreen() {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const language = i18n.language === 'en' ? 'en' : 'fr'
  const [, navigate] = useLocation()
  // What is shown lives in the URL (/stock?product=…&variant=…): a reload or a link keeps it.
  const params = new URLSearchParams(useSearch())
  const productId = params.get('product')
  const variantId = params.get('variant')
  const [text, setText] = useState('')
  const show = (product: string, variant?: string) => navigate(`/stock?product=${encodeURIComponent(product)}${variant ? `&variant=${encodeURIComponent(variant)}` : ''}`)
  const search = useMutation({
    mutationFn: (term: string) => findProducts(term, language),
    onSuccess: (found) => {
      if (found.exact) show(found.exact.productId, found.exact.variantId)
      else if (found.products.length === 1) show(found.products[0]!.id)
      else navigate('/stock')
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (text.trim()) search.mutate(text.trim())
  }
  return (
    <Stack maw={960}>
      <Title order={2}>{t('stock.title')}</Title>
      <form onSubmit={submit} role="search">
        <TextInput size="lg" label={t('stock.find.label')} description={t('stock.find.hint')} placeholder={t('stock.find.placeholder')} value={text} onChange={(e) => setText(e.currentTarget.value)} autoFocus autoComplete="off" />
      </form>
      {search.error && <ProblemAlert error={search.error} />}
      {search.data && !search.data.exact && search.data.products.length !== 1 && !productId && (
        <section aria-label={t('stock.find.results')}>
          {search.data.products.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('stock.find.none')}
            </Text>
          ) : (
            <Stack gap="xs">
              {search.data.products.map((product) => (
                <UnstyledButton key={product.id} onClick={() => show(product.id)}>
                  <Card withBorder padding="sm">
                    <Group justify="space-between" wrap="wrap">
                      <Text fw={600}>{product.title[language]}</Text>
                      {product.price && <Text size="sm">{formatMoney(product.price.min, locale)}</Text>}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {product.brand}
                    </Text>
                  </Card>
                </UnstyledButton>
              ))}
            </Stack>
          )}
        </section>
      )}
      {productId && <VariantStock key={productId} productId={productId} variantId={variantId} onVariant={(id) => show(productId, id)} />}
    </Stack>
  )
}
