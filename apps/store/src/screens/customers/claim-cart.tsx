/**
 * The cart code a customer shows on her phone (POST /v1/carts/{id}/handoff-code on her side): six symbols without
 * look-alikes. The seller claims it onto this store's till channel (POST /v1/carts/claim) and continues it as a sale.
 */
import { Button, Card, Group, Text } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'wouter'
import { dataOf } from '../../../../shared/api.js'
import { ProblemAlert } from '../../../../shared/ui/problem-alert.js'
import { api } from '../../api.js'
import { useStore } from '../../store-context.js'

/** The server's alphabet for handoff codes (no 0/O, 1/I): a typed or scanned term of that shape may be one. */
export function isCartCode(term: string): boolean {
  return /^[2-9A-HJ-NP-Z]{6}$/i.test(term)
}

export function ClaimCart({ code }: { code: string }) {
  const { t } = useTranslation()
  const [, navigate] = useLocation()
  const { channel } = useStore()
  const claim = useMutation({
    mutationFn: () => dataOf(api.POST('/v1/carts/claim', { body: { code, channelId: channel!.id } })),
    onSuccess: (cart) => navigate(`/sale/${cart.id}`),
  })
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" wrap="wrap">
        <Text fw={600}>{t('customers.search.cartCode', { code })}</Text>
        <Button onClick={() => claim.mutate()} loading={claim.isPending} disabled={!channel}>
          {t('customers.search.openCart')}
        </Button>
      </Group>
      {claim.error ? <ProblemAlert error={claim.error} /> : null}
    </Card>
  )
}
