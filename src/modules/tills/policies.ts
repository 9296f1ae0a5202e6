/** Pure rules of the till: its lifecycle and the cash a drawer should hold. */
import type { TillSessionStatus } from './schema.js'

/** A till session is opened once and closed once; a closed session is final (its Z report is frozen). */
export const TILL_SESSION_TRANSITIONS: Record<TillSessionStatus, readonly TillSessionStatus[]> = { open: ['closed'], closed: [] }

export function allowedTillTransitions(from: TillSessionStatus): readonly TillSessionStatus[] {
  return TILL_SESSION_TRANSITIONS[from]
}

export interface CashFigures {
  float: number
  /** What customers handed over in cash (sales plus the change given back). */
  tendered: number
  change: number
  cashIn: number
  cashOut: number
  refunds: number
}

/** The cash a drawer should hold: float + cash taken − change given + cash in − cash out − cash refunds. */
export function expectedCash(figures: CashFigures): number {
  return figures.float + figures.tendered - figures.change + figures.cashIn - figures.cashOut - figures.refunds
}
