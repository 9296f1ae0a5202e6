/** The programme's one row of settings ('default', inserted by the migration): how many points a euro earns. */
import { eq, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { LOYALTY_EVENTS } from './events.js'
import { loyaltySettings } from './schema.js'

export interface LoyaltySettings {
  pointsPerUnit: number
  currency: string
  updatedAt: string
}

type SettingsRow = typeof loyaltySettings.$inferSelect

function toSettings(row: SettingsRow): LoyaltySettings {
  return { pointsPerUnit: row.pointsPerUnit, currency: row.currency, updatedAt: row.updatedAt.toISOString() }
}

async function settingsRow(tx: Tx): Promise<SettingsRow> {
  const [row] = await tx.select().from(loyaltySettings).where(eq(loyaltySettings.id, 'default'))
  // The migration inserts the row and nothing deletes it; a database without it was not migrated.
  if (!row) throw new Error("loyalty_settings has no 'default' row: run the migrations")
  return row
}

/** The settings in force. */
export async function getLoyaltySettings(tx: Tx): Promise<LoyaltySettings> {
  return toSettings(await settingsRow(tx))
}

/** Points earned per whole currency unit of goods paid. */
export async function pointsPerUnitOf(tx: Tx): Promise<number> {
  return (await settingsRow(tx)).pointsPerUnit
}

/** Sets the earning rate (0 to 1000, the table's CHECK); orders already earned keep their points. */
export async function updateLoyaltySettings(tx: Tx, input: { pointsPerUnit: number }): Promise<LoyaltySettings> {
  const [row] = await tx
    .update(loyaltySettings)
    .set({ pointsPerUnit: input.pointsPerUnit, updatedAt: sql`now()` })
    .where(eq(loyaltySettings.id, 'default'))
    .returning()
  if (!row) throw new Error("loyalty_settings has no 'default' row: run the migrations")
  await emit(tx, LOYALTY_EVENTS.settingsUpdated, { pointsPerUnit: row.pointsPerUnit })
  return toSettings(row)
}
