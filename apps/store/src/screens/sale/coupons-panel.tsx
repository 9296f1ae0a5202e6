/**
 * Her side of the sale: who she is, her points and tier, vouchers she won (online or here) and rewards her points buy
 * (a redemption makes a voucher, applied like any coupon), her store credit; and the coupon box for any code.
 */
import { Anchor, Badge, Button, Card, CloseButton, Group, Stack, Text, TextInput, Title } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { dataOf } from '../../../../shared/api.js'
import { formatMoney } from '../../../../shared/format.js'
import { localeOf } from '../../../../shared/i18n.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { api } from '../../api.js'
import { customerName } from '../customers/customer-search-screen.js'
import type { SaleModel } from './sale-model.js'

export function CouponsPanel({ sale }: { sale: SaleModel }) {
  const { t, i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  const queryClient = useQueryClient()
  const [code, setCode] = useState('')
  const id = sale.customerId
  const customer = useQuery({
    queryKey: ['customer', id],
    enabled: id !== null,
    queryFn: () => dataOf(api.GET('/v1/customers/{id}', { params: { path: { id: id! } } })),
  })
  const loyalty = useQuery({
    queryKey: ['loyalty', id],
    enabled: id !== null,
    retry: false,
    queryFn: () => dataOf(api.GET('/v1/customers/{id}/loyalty', { params: { path: { id: id! } } })),
  })
  const rewards = useQuery({
    queryKey: ['loyalty-rewards'],
    enabled: id !== null,
    staleTime: 600_000,
    queryFn: () => dataOf(api.GET('/v1/loyalty/rewards', {})),
  })
  const credit = useQuery({
    queryKey: ['store-credit', id],
    enabled: id !== null,
    retry: false,
    queryFn: () => dataOf(api.GET('/v1/customers/{id}/store-credit', { params: { path: { id: id! } } })),
  })
  const apply = useMutation({ mutationFn: (value: string) => sale.addCoupon(value), onSuccess: () => setCode('') })
  const remove = useMutation({ mutationFn: (value: string) => sale.removeCoupon(value) })
  const redeem = useMutation({
    mutationFn: async (rewardId: string) => {
      const { voucher } = await dataOf(api.POST('/v1/customers/{id}/loyalty/redemptions', { params: { path: { id: id! } }, body: { rewardId } }))
      await queryClient.invalidateQueries({ queryKey: ['loyalty', id] })
      await sale.addCoupon(voucher.code)
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (code.trim()) apply.mutate(code.trim())
  }
  const available = loyalty.data?.balances.available ?? 0
  const status = (value: string) => sale.cart?.coupons.find((c) => c.code.toUpperCase() === value.toUpperCase())
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <div>
            <Text size="xs" c="dimmed">
              {t('sale.customer')}
            </Text>
            <Text fw={600}>{id ? (customer.data ? customerName(customer.data, '—') : '…') : t('sale.anonymous')}</Text>
          </div>
          {!id && (
            <Anchor component={Link} href="/" size="sm">
              {t('sale.identify')}
            </Anchor>
          )}
        </Group>
        {loyalty.data && (
          <Group gap="xs">
            <Badge variant="light" size="lg">
              {t('sale.loyalty.points', { count: available })}
            </Badge>
            {loyalty.data.tier && (
              <Badge variant="outline">
                {t('sale.loyalty.tier', { tier: i18n.language === 'en' ? loyalty.data.tier.name.en : loyalty.data.tier.name.fr })}
              </Badge>
            )}
            {credit.data && credit.data.balance.amount > 0 && (
              <Badge variant="outline" color="grape">
                {t('sale.loyalty.storeCredit', { amount: formatMoney(credit.data.balance, locale) })}
              </Badge>
            )}
          </Group>
        )}
        <Title order={3} size="h5">
          {t('sale.coupons.title')}
        </Title>
        {loyalty.data?.vouchers.some((v) => v.status === 'active' && !sale.coupons.includes(v.code)) && (
          <Group gap="xs" aria-label={t('sale.loyalty.vouchers')} role="group">
            {loyalty.data.vouchers
              .filter((v) => v.status === 'active' && !sale.coupons.includes(v.code))
              .map((v) => (
                <Button key={v.code} size="xs" variant="light" onClick={() => apply.mutate(v.code)}>
                  {t('sale.loyalty.useVoucher', { code: v.code })}
                </Button>
              ))}
          </Group>
        )}
        {id && rewards.data && rewards.data.items.some((r) => r.active && r.pointsCost <= available) && (
          <Group gap="xs" aria-label={t('sale.loyalty.rewards')} role="group">
            {rewards.data.items
              .filter((r) => r.active && r.pointsCost <= available)
              .map((r) => (
                <Button key={r.id} size="xs" variant="outline" loading={redeem.isPending && redeem.variables === r.id} onClick={() => redeem.mutate(r.id)}>
                  {t('sale.loyalty.redeem', { name: i18n.language === 'en' ? r.name.en : r.name.fr, points: r.pointsCost })}
                </Button>
              ))}
          </Group>
        )}
        {sale.coupons.length > 0 && (
          <Group gap="xs">
            {sale.coupons.map((c) => (
              <Badge
                key={c}
                size="lg"
                variant="light"
                color={status(c)?.applied === false ? 'gray' : 'teal'}
                rightSection={<CloseButton size="xs" aria-label={t('sale.coupons.remove', { code: c })} onClick={() => remove.mutate(c)} />}
              >
                {c}
                {status(c)?.applied === false ? ` · ${t('sale.coupons.notApplied')}` : ''}
              </Badge>
            ))}
          </Group>
        )}
        <form onSubmit={submit}>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput style={{ flex: 1 }} label={t('sale.coupons.label')} value={code} onChange={(e) => setCode(e.currentTarget.value)} autoComplete="off" />
            <Button type="submit" variant="light" loading={apply.isPending}>
              {t('sale.coupons.apply')}
            </Button>
          </Group>
        </form>
        {[apply.error, remove.error, redeem.error].filter(Boolean).map((error, i) => (
          <ProblemAlert key={i} error={error} />
        ))}
      </Stack>
    </Card>
  )
}
