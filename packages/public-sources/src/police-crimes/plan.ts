import {
  addDays,
  type Category,
  type CategoryCode,
  type OccurredOn,
  PlaceRegisteredData,
  ReportSubmittedData,
} from '@lagesbild/domain'
import type { JsonObject } from '@lagesbild/event-store'
import type { PlannedEvent } from '../import/planned.js'
import type { KnownPlace } from '../import/registry.js'
import type { Rejection } from '../shared/rejections.js'
import type { PoliceCrime } from './parse.js'

/** The reporter organisation the crime deliveries are filed under. */
export const POLICE_CRIMES_ORGANISATION = 'police-crime-statistics'

/**
 * Default: Region Dalarna's level-3 crime category → catalogue category, for the categories
 * with a clear counterpart. Fraud, traffic offences, wildlife accidents and the rest stay out
 * (they are not about places' safety or have no category); tenants extend the table.
 */
export const DEFAULT_CRIME_CATEGORY_MAPPING: Readonly<Record<string, CategoryCode | null>> =
  Object.freeze({
    'Misshandel, ej grov': 'assault',
    'Grov misshandel': 'assault',
    'Olaga hot': 'threats',
    'Hot eller våld mot tjänsteman': 'staff-incident',
    Rån: 'robbery',
    Inbrott: 'burglary',
    'Övriga skadegörelsebrott': 'vandalism',
    'Skadegörelse på motorfordon': 'vandalism',
    'Skadegörelse mot offentlig verksamhet': 'vandalism',
    'Skadegörelse genom klotter': 'graffiti',
    'Skadegörelse genom brand': 'arson',
    'Narkotikabrott, innehav och bruk': 'suspected-drug-activity',
    'Narkotikabrott, överlåtelse': 'suspected-drug-activity',
  })

/** Options of the police crime import. */
export interface PoliceCrimesOptions {
  /** Only rows of this municipality (`Kommunnamn`); default all. */
  readonly municipality?: string
  /** Register a DeSO place for a code that has none (`deso-<code>`); default false. */
  readonly createPlaces?: boolean
  /** Parent of created DeSO places; default the tenant's municipality-level place, if one. */
  readonly municipalityPlaceId?: string
  /** Level-3 category name → catalogue code; default {@link DEFAULT_CRIME_CATEGORY_MAPPING}. */
  readonly categoryMapping?: Readonly<Record<string, CategoryCode | null>>
  /** Four-digit crime code → catalogue code; consulted before the category mapping. */
  readonly codeMapping?: Readonly<Record<string, CategoryCode | null>>
}

/** Place id for a DeSO area the import creates. */
export const desoPlaceId = (desoCode: string): string => `deso-${desoCode.toLowerCase()}`

// The delivery's crime interval, as the domain's valid time. An unknown start ('-') leaves only
// an upper bound, which is the registration date when the end is unknown too.
const occurredOnOf = (c: PoliceCrime): OccurredOn => {
  const until = c.crimeTo ?? c.registeredOn
  const from = c.crimeFrom ?? until
  return from === until
    ? { precision: 'exact', date: from }
    : { precision: 'time-window', date: from, until }
}

/**
 * Plans one ReportSubmitted per delivery row (recorded at its registration date), the DeSO
 * places asked for, and a rejection for every row that maps to no place or category.
 */
export const planPoliceCrimes = (
  crimes: readonly PoliceCrime[],
  places: ReadonlyMap<string, KnownPlace>,
  categories: ReadonlyMap<string, Category>,
  options: PoliceCrimesOptions,
): {
  readonly events: readonly PlannedEvent[]
  readonly places: readonly PlannedEvent[]
  readonly rejected: readonly Rejection[]
  readonly imported: number
} => {
  const byCode = new Map<string, string>()
  for (const p of places.values()) if (p.code !== undefined) byCode.set(p.code, p.placeId)
  const mapping = options.categoryMapping ?? DEFAULT_CRIME_CATEGORY_MAPPING
  const created = new Map<string, PlannedEvent>()
  const events: PlannedEvent[] = []
  const rejected: Rejection[] = []
  const occurrences = new Map<string, number>()
  let imported = 0
  for (const c of crimes) {
    if (options.municipality !== undefined && c.municipality !== options.municipality) {
      rejected.push({ row: c.row, kind: 'out-of-scope', reason: `in ${c.municipality}` })
      continue
    }
    const level3 = c.category?.levels[2]
    const code =
      options.codeMapping?.[c.crimeCode] ?? (level3 === undefined ? undefined : mapping[level3])
    if (code === undefined || code === null) {
      rejected.push({
        row: c.row,
        kind: 'unmapped',
        reason: `crime code ${c.crimeCode} (${level3 ?? 'not in the key'}) is not mapped`,
      })
      continue
    }
    const category = categories.get(code)
    if (category === undefined) {
      rejected.push({ row: c.row, kind: 'malformed', reason: `category ${code} not in catalogue` })
      continue
    }
    const occurredOn = occurredOnOf(c)
    const latest = occurredOn.precision === 'time-window' ? occurredOn.until : occurredOn.date
    if (latest > addDays(c.registeredOn, 1)) {
      rejected.push({ row: c.row, kind: 'malformed', reason: 'crime dated after its registration' })
      continue
    }
    let placeId = byCode.get(c.desoCode)
    if (placeId === undefined && options.createPlaces === true) {
      placeId = desoPlaceId(c.desoCode)
      if (!created.has(placeId)) {
        const data = PlaceRegisteredData.parse({
          placeId,
          name: `${c.regsoName} (DeSO ${c.desoCode})`.slice(0, 200),
          level: 'area',
          kind: 'deso',
          parentId: options.municipalityPlaceId ?? null,
          code: c.desoCode,
        })
        created.set(placeId, {
          type: 'PlaceRegistered',
          data: data as unknown as JsonObject,
          recordedAt: `${c.registeredOn}T00:00:00Z`,
          naturalId: placeId,
        })
      }
    }
    if (placeId === undefined) {
      rejected.push({
        row: c.row,
        kind: 'out-of-scope',
        reason: `no place registered for DeSO ${c.desoCode}; pass createPlaces to create it`,
      })
      continue
    }
    // Rows carry no id: the natural key is their content, numbered when a delivery repeats it.
    const natural = [c.desoCode, c.crimeCode, c.registeredOn, c.crimeFrom ?? '-', c.crimeTo ?? '-']
    const seen = (occurrences.get(natural.join('|')) ?? 0) + 1
    occurrences.set(natural.join('|'), seen)
    const reportId = `police-crime-${c.desoCode.toLowerCase()}-${c.registeredOn}-${c.crimeCode}-${
      c.crimeFrom ?? 'x'
    }-${c.crimeTo ?? 'x'}-${seen}`
    const data = ReportSubmittedData.parse({
      reportId,
      reporterOrganisationId: POLICE_CRIMES_ORGANISATION,
      observations: [
        {
          observationId: 'crime',
          kind: category.kind,
          categoryCode: category.code,
          placeId,
          occurredOn,
          count: c.count,
          certainty: 'observed',
          policeReported: 'yes',
          note: `${c.crimeCode} ${c.crimeCodeText}`.slice(0, 4000),
        },
      ],
      note: `Polisens brottsstatistik, ${c.sourceFile}`.slice(0, 4000),
    })
    events.push({
      type: 'ReportSubmitted',
      data: data as unknown as JsonObject,
      // The registration date is when the police knew; the delivery gives no time of day.
      recordedAt: `${c.registeredOn}T00:00:00Z`,
      naturalId: reportId,
    })
    imported++
  }
  return { events, places: [...created.values()], rejected, imported }
}
