/**
 * Notices an account's owner receives about their account. There is no mail port yet, so each notice below is a
 * deliberate no-op: the one place the mail will be sent from once the port exists, already called at the right moment
 * and in the request's transaction (an outbox row then, so a rolled-back request sends nothing).
 */
import type { Tx } from '../../platform/db.js'

export interface ExistingAccountNotice {
  customerId: string
  email: string
  locale: 'fr' | 'en'
}

/**
 * Tells the owner of an existing account that someone tried to register with their email (a reminder that they may
 * log in or reset their password). Registration answers the same whether or not the email had an account, so this
 * notice is the only trace of the attempt. Sends nothing today: no mail port exists yet.
 */
export async function noticeRegistrationOfExistingAccount(tx: Tx, notice: ExistingAccountNotice): Promise<void> {
  void tx
  void notice
}
