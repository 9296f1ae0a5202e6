/**
 * A new sale: the draft held on the device is the sale (what the offline queue keeps and ringUpSale records), and a
 * preview cart on the server prices it while the network is there. Pay goes through submitSale.
 */
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { dataOf, isNetworkError } from '../../../../shared/api.js'
import { api } from '../../api.js'
import type { SaleDraft, Tender } from '../../sales/sale-draft.js'
import { submitSale } from '../../sales/submit-sale.js'
import { releasePreview, syncPreview } from './preview-cart.js'
import type { Cart, PickedVariant, SaleModel } from './sale-model.js'

function newDraft(channelId: string, locationId: string, customerId: string | null): SaleDraft {
  return {
    id: crypto.randomUUID(),
    channelId,
    locationId,
    customerId,
    lines: [],
    couponCodes: [],
    payments: [],
    receiptEmail: null,
    createdAt: new Date().toISOString(),
  }
}

export function useDraftSale(channelId: string, locationId: string, customerId: string | null): SaleModel {
  const { i18n } = useTranslation()
  const [draft, setDraft] = useState(() => newDraft(channelId, locationId, customerId))
  const previewId = useRef<string | null>(null)
  // One sync at a time: successive drafts are applied to the preview in order.
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  const preview = useQuery({
    queryKey: ['sale-preview', draft.id, draft.customerId, draft.lines.map((l) => `${l.variantId}×${l.quantity}`).join(','), draft.couponCodes.join(',')],
    enabled: draft.lines.length > 0,
    placeholderData: (previous) => previous,
    retry: false,
    queryFn: () => {
      const next = chain.current
        .catch(() => undefined)
        .then(async () => {
          const cart = await syncPreview(api, draft, previewId.current)
          previewId.current = cart.id
          return cart
        })
      chain.current = next
      return next
    },
  })
  useEffect(() => {
    // Leaving the screen drops the sale: its preview is let go.
    return () => {
      if (previewId.current) void releasePreview(api, previewId.current).catch(() => undefined)
    }
  }, [])

  const update = (change: (lines: SaleDraft['lines']) => SaleDraft['lines']) => setDraft((d) => ({ ...d, lines: change(d.lines) }))
  const cart: Cart | null = draft.lines.length > 0 ? (preview.data ?? null) : null
  return {
    kind: 'draft',
    customerId: draft.customerId,
    lines: draft.lines.map((line) => {
      const priced = cart?.lines.find((l) => l.variantId === line.variantId && l.quantity === line.quantity)
      return { ...line, total: priced?.total ?? null, discountTotal: priced?.discountTotal ?? null }
    }),
    cart,
    pricing: { isPending: preview.isFetching, error: preview.error },
    coupons: draft.couponCodes,
    async add(variant: PickedVariant) {
      update((lines) =>
        lines.some((l) => l.variantId === variant.id)
          ? lines.map((l) => (l.variantId === variant.id ? { ...l, quantity: l.quantity + 1 } : l))
          : [
              ...lines,
              {
                variantId: variant.id,
                sku: variant.sku,
                title: [i18n.language === 'en' ? variant.title.en : variant.title.fr, ...Object.values(variant.options)].join(' · '),
                quantity: 1,
                unitPrice: variant.price,
              },
            ],
      )
    },
    async setQuantity(variantId, quantity) {
      update((lines) => lines.map((l) => (l.variantId === variantId ? { ...l, quantity: Math.max(1, quantity) } : l)))
    },
    async remove(variantId) {
      update((lines) => lines.filter((l) => l.variantId !== variantId))
    },
    async addCoupon(code) {
      // Checked on the preview first when there is one: a refused code (unknown, used up) is said now, not at payment.
      if (previewId.current) {
        const id = previewId.current
        try {
          await chain.current.catch(() => undefined)
          await dataOf(api.POST('/v1/carts/{id}/coupons', { params: { path: { id } }, body: { code } }))
        } catch (error) {
          if (!isNetworkError(error)) throw error
        }
      }
      setDraft((d) => (d.couponCodes.includes(code) ? d : { ...d, couponCodes: [...d.couponCodes, code] }))
    },
    async removeCoupon(code) {
      setDraft((d) => ({ ...d, couponCodes: d.couponCodes.filter((c) => c !== code) }))
    },
    async pay(tenders: Tender[]) {
      const result = await submitSale({ ...draft, payments: tenders })
      if (previewId.current) void releasePreview(api, previewId.current).catch(() => undefined)
      previewId.current = null
      return result.status === 'recorded' ? result.order : null
    },
  }
}
