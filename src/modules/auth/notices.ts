/**
 * Notices an account's owner receives about their account. There is no mail port yet, so each notice below is a
 * deliberate no-op: the one place the mail will be sent from once the port exists, already called at the right moment
 * and in the request's transaction (an outbox row then, so a rolled-back request sends nothing).
 */
import type { Tx } from '../../platform/db.js'

export interface KnownEmailNotice {
  /** The profile holding the email: an account, or a profile known without a password (a guest order, a walk-in). */
  customerId: string
  email: string
  locale: 'fr' | 'en'
}

/**
 * Tells the holder of an email that someone asked to create an account with it, and that nothing was changed: no
 * account was opened and no password set (with a way to log in, or to set a password once a reset flow exists).
 * Registration answers the same whether or not the email was known, so this notice is the only trace of the attempt.
 * Sends nothing today: no mail port exists yet.
 */
export async function noticeRegistrationOfKnownEmail(tx: Tx, notice: KnownEmailNotice): Promise<void> {
  void tx
  void notice
}
