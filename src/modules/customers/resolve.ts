/**
 * Identity resolution from a contact: a guest order (or any act carrying an email or a phone) joins the customer who
 * holds that email or phone as an identifier. Values are normalised as identifiers.ts writes them.
 */
import { sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import { normaliseEmail, phoneOrNull } from './identifiers.js'

/**
 * The id of the live customer (neither merged away nor erased) holding the contact's email or phone, or null. One
 * query on customer_identifiers_pkey (kind, value); when the email and the phone name two people, the email wins.
 */
export async function resolveCustomerByContact(tx: Tx, input: { email?: string | null; phone?: string | null }): Promise<string | null> {
  const email = input.email ? normaliseEmail(input.email) : null
  const phone = input.phone ? phoneOrNull(input.phone) : null
  if (!email && !phone) return null
  const rows = rowsOf<{ customer_id: string }>(
    await tx.execute(sql`
      select i.customer_id from customer_identifiers i join customers c on c.id = i.customer_id
      where ((i.kind = 'email' and i.value = ${email ?? ''}) or (i.kind = 'phone' and i.value = ${phone ?? ''}))
        and c.merged_into_id is null and c.erased_at is null
      order by i.kind = 'email' desc
      limit 1`),
  )
  return rows[0]?.customer_id ?? null
}
