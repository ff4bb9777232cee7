import type { JsonObject } from '@lagesbild/event-store'
import type { ReportedCrimeFigure } from '../bra-indicators/parse.js'
import type { PlannedEvent } from '../import/planned.js'
import type { PoliceCrime } from '../police-crimes/parse.js'
import { slugify } from '../shared/ids.js'

/** The labels every reconciliation shows, so the two counts are never read as one. */
export const RECONCILIATION_LABELS = {
  police:
    "Polisens leverans till kommunen: registrerade brott per DeSO, efter inskrivningsår (the police's delivery, by registration year)",
  bra: 'Brå, officiell kriminalstatistik: anmälda brott, Totalt antal anmälda brott (official statistics)',
} as const

/** Statistic ids of the delivery's yearly totals as stored (`OfficialStatisticsPublished`). */
export const POLICE_DELIVERY_STATISTICS = {
  total: 'registrerade-brott-i-leveransen',
  localTrafficCodes: 'lokala-trafikkoder-i-leveransen',
} as const

/** Statistic id of Brå's total in `OfficialStatisticsPublished` (slug of its indicator name). */
export const BRA_TOTAL_STATISTIC = 'totalt-antal-anmalda-brott'

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
  const totals = deliveryTotals(input.crimes).get(input.municipality) ?? new Map()
  const police = new Map([...totals].map(([year, t]) => [year, t.count]))
  const local = new Map([...totals].map(([year, t]) => [year, t.localTrafficCodes]))
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

/**
 * The delivery's totals per municipality and registration year: every row counts (mapped onto a
 * category or not), since this is what the police delivered; of which under local traffic codes.
 */
export const deliveryTotals = (
  crimes: readonly PoliceCrime[],
): Map<string, Map<number, { count: number; localTrafficCodes: number }>> => {
  const out = new Map<string, Map<number, { count: number; localTrafficCodes: number }>>()
  for (const c of crimes) {
    const years = out.get(c.municipality) ?? new Map()
    const year = Number(c.registeredOn.slice(0, 4))
    const t = years.get(year) ?? { count: 0, localTrafficCodes: 0 }
    t.count += c.count
    if (c.category?.levels[0] === LOCAL_TRAFFIC_CODES) t.localTrafficCodes += c.count
    years.set(year, t)
    out.set(c.municipality, years)
  }
  return out
}

/**
 * The delivery's yearly totals as official figures, one `OfficialStatisticsPublished` per
 * municipality (publisher Polisen), so the reconciliation with Brå can be served from the store.
 * @param placeIdFor the registered place of a municipality, when there is one
 * @param knownAt when the delivery became known (the import time)
 */
export const planPoliceDeliveryTotals = (
  crimes: readonly PoliceCrime[],
  placeIdFor: (municipality: string) => string | undefined,
  knownAt: string,
): PlannedEvent[] =>
  [...deliveryTotals(crimes)].map(([municipality, years]) => {
    const placeId = placeIdFor(municipality)
    const area = placeId === undefined ? { label: municipality } : { label: municipality, placeId }
    const publicationId = `polisen-crime-delivery-${slugify(municipality)}`
    const ordered = [...years].sort(([a], [b]) => a - b)
    return {
      type: 'OfficialStatisticsPublished',
      data: {
        publicationId,
        publisher: 'Polisen',
        statistic: 'reported-crime',
        yearSemantics:
          'year of registration (Inskrivningsdatum) of crimes registered in a DeSO of the municipality, as delivered',
        source: RECONCILIATION_LABELS.police,
        figures: ordered.flatMap(([year, t]) => [
          {
            statisticId: POLICE_DELIVERY_STATISTICS.total,
            label: 'Registrerade brott i polisens leverans',
            area,
            year,
            count: t.count,
            ratePer100k: null,
          },
          {
            statisticId: POLICE_DELIVERY_STATISTICS.localTrafficCodes,
            label: 'Varav lokala trafikkoder (ej brott)',
            area,
            year,
            count: t.localTrafficCodes,
            ratePer100k: null,
          },
        ]),
      } as unknown as JsonObject,
      recordedAt: knownAt,
      naturalId: publicationId,
    }
  })
