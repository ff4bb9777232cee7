import type { ReportedCrimeFigure } from '../bra-indicators/parse.js'
import type { PoliceCrime } from '../police-crimes/parse.js'

/** The labels every reconciliation shows, so the two counts are never read as one. */
export const RECONCILIATION_LABELS = {
  police:
    "Polisens leverans till kommunen: registrerade brott per DeSO, efter inskrivningsår (the police's delivery, by registration year)",
  bra: 'Brå, officiell kriminalstatistik: anmälda brott, Totalt antal anmälda brott (official statistics)',
} as const

/** Region Dalarna's level-1 category for the police's non-offence traffic codes. */
const LOCAL_TRAFFIC_CODES = 'Lokala trafikkoder'

/** One year of a municipality, both sources side by side and labelled. */
export interface ReconciliationYear {
  readonly year: number
  readonly police: {
    readonly label: string
    readonly count: number | null
    /**
     * Of which registered under the police's local traffic codes (wildlife and other accidents
     * without suspicion of crime), which are not offences and are absent from Brå's count.
     */
    readonly localTrafficCodes: number | null
  }
  readonly bra: { readonly label: string; readonly count: number | null }
  /** police − Brå, when both exist; shown, never used to adjust either. */
  readonly difference: number | null
}

/**
 * Sets the police delivery's yearly totals next to Brå's official count for one municipality.
 * They differ by definition and vintage (the delivery counts what was registered in a DeSO of
 * the municipality, wildlife accidents and all, as delivered then; Brå counts reported offences
 * by its own rules, finalised later), so both are returned labelled and neither is corrected.
 *
 * @param input the parsed delivery rows, Brå's reported-crime figures and the municipality
 * @returns one entry per year present in either source, oldest first
 * @example
 * reconcileCrimeTotals({ crimes, official: bra.reportedCrime, municipality: 'Ludvika' })
 */
export const reconcileCrimeTotals = (input: {
  readonly crimes: readonly PoliceCrime[]
  readonly official: readonly ReportedCrimeFigure[]
  readonly municipality: string
  readonly braIndicator?: string
}): ReconciliationYear[] => {
  const indicator = input.braIndicator ?? 'Totalt antal anmälda brott'
  const police = new Map<number, number>()
  const local = new Map<number, number>()
  for (const c of input.crimes) {
    if (c.municipality !== input.municipality) continue
    const year = Number(c.registeredOn.slice(0, 4))
    police.set(year, (police.get(year) ?? 0) + c.count)
    const isLocal = c.category?.levels[0] === LOCAL_TRAFFIC_CODES
    local.set(year, (local.get(year) ?? 0) + (isLocal ? c.count : 0))
  }
  const bra = new Map<number, number | null>()
  for (const f of input.official) {
    if (f.geography === input.municipality && f.indicator === indicator) bra.set(f.year, f.count)
  }
  const years = [...new Set([...police.keys(), ...bra.keys()])].sort((a, b) => a - b)
  return years.map((year) => {
    const p = police.get(year) ?? null
    const b = bra.get(year) ?? null
    return {
      year,
      police: {
        label: RECONCILIATION_LABELS.police,
        count: p,
        localTrafficCodes: local.get(year) ?? null,
      },
      bra: { label: RECONCILIATION_LABELS.bra, count: b },
      difference: p !== null && b !== null ? p - b : null,
    }
  })
}
