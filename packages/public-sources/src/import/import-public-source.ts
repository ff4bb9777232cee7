import { readFile } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import {
  type Category,
  OrganisationRegisteredData,
  PlaceRegisteredData,
  TenantId,
} from '@lagesbild/domain'
import type { EventStore, JsonObject } from '@lagesbild/event-store'
import { parseBraIndicators } from '../bra-indicators/parse.js'
import {
  type BraImportOptions,
  type OfficialStatistic,
  planBraIndicators,
} from '../bra-indicators/plan.js'
import { parseCrimeCodeKey, parsePoliceCrimes } from '../police-crimes/parse.js'
import {
  POLICE_CRIMES_ORGANISATION,
  type PoliceCrimesOptions,
  planPoliceCrimes,
} from '../police-crimes/plan.js'
import { DEFAULT_POLICE_TYPE_MAPPING } from '../police-events/mapping.js'
import {
  type PoliceEvent,
  parsePoliceEventRevisions,
  parsePoliceEvents,
  parsePoliceEventsCompactCsv,
} from '../police-events/parse.js'
import {
  type EventTimeline,
  POLICE_EVENTS_ORGANISATION,
  type PoliceEventsOptions,
  planPoliceEvents,
  timelinesFromFeed,
  timelinesFromRevisions,
} from '../police-events/plan.js'
import { planPoliceDeliveryTotals } from '../reconciliation/index.js'
import { contentHash, publicSourceUuid, slugify } from '../shared/ids.js'
import { countByKind, type Rejection, type RejectionKind } from '../shared/rejections.js'
import type { PlannedEvent, PublicSource } from './planned.js'
import { readStoredReports, readTenantRegistry, type TenantRegistry } from './registry.js'
import { appendPlanned } from './write.js'

/** A file path, the file's text, or a stream of it (read whole: the import validates first). */
export type SourceFile = string | { readonly text: string } | Readable

/** What to import: the source, its file and the source's options. */
export type ImportPublicSourceRequest = {
  readonly tenantId: string
  /** Import time and default knowledge time (ISO 8601); default now. */
  readonly now?: string
  /** Events per transaction (default 2,000). */
  readonly chunkEvents?: number
} & (
  | {
      readonly source: 'bra-indicators'
      readonly file: SourceFile
      readonly options?: BraImportOptions & {
        /** When Brå's figures became known; default `now`. */
        readonly knownAt?: string
      }
    }
  | {
      readonly source: 'police-events'
      /** The feed (JSON array), a revisions collection (JSON) or the compact CSV. */
      readonly file: SourceFile
      readonly options: PoliceEventsOptions
    }
  | {
      readonly source: 'police-crimes'
      readonly file: SourceFile
      readonly options: PoliceCrimesOptions & {
        /** Region Dalarna's crime code key (CSV). */
        readonly key: SourceFile
      }
    }
)

/** The outcome of one import: every record is imported or rejected with a reason. */
export interface ImportPublicSourceResult {
  readonly source: PublicSource
  /** Records read: CSV data rows, or JSON array elements. */
  readonly rows: number
  /** Records that became (or already were) events or figures. */
  readonly imported: number
  /** Every record not imported, in file order, with its reason. */
  readonly rejected: readonly Rejection[]
  readonly rejectedByKind: Readonly<Record<RejectionKind, number>>
  /** Events the file stands for now. */
  readonly events: number
  /** Events written by this run. */
  readonly appended: number
  /** Events already stored (an earlier run of the same import). */
  readonly skipped: number
  /** Police events: corrections and retractions planned from edited events. */
  readonly corrections?: number
  readonly retractions?: number
  /** Brå's official reported-crime figures as parsed (also stored as OfficialStatisticsPublished). */
  readonly officialStatistics?: readonly OfficialStatistic[]
  readonly seconds: number
}

// Instants carry different offsets, so they are compared as times, not as strings.
const earliestOf = (events: readonly PlannedEvent[], fallback: string): string => {
  let best = fallback
  for (const e of events) if (Date.parse(e.recordedAt) < Date.parse(best)) best = e.recordedAt
  return best
}

const readSource = async (file: SourceFile): Promise<string> => {
  if (typeof file === 'string') return readFile(file, 'utf8')
  if ('text' in file && typeof file.text === 'string') return file.text
  const chunks: Buffer[] = []
  for await (const chunk of file as Readable) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  }
  return Buffer.concat(chunks).toString('utf8')
}

const catalogueOf = (registry: TenantRegistry): Map<string, Category> =>
  new Map(registry.categories.filter((c) => c.active).map((c) => [c.code, c]))

const organisationEvent = (organisationId: string, name: string, at: string): PlannedEvent => ({
  type: 'OrganisationRegistered',
  data: OrganisationRegisteredData.parse({
    organisationId,
    name,
    kind: 'police',
  }) as unknown as JsonObject,
  recordedAt: at,
  naturalId: organisationId,
})

const municipalityPlace = (
  registry: TenantRegistry,
  municipality: string | undefined,
  explicit: string | undefined,
  at: string,
): { readonly placeId: string | undefined; readonly register: PlannedEvent[] } => {
  if (explicit !== undefined) {
    if (!registry.places.has(explicit)) {
      throw new Error(`municipalityPlaceId "${explicit}" is not a registered place of the tenant`)
    }
    return { placeId: explicit, register: [] }
  }
  const municipal = [...registry.places.values()].filter((p) => p.level === 'municipality')
  const named = municipal.find((p) => p.name === municipality) ?? municipal[0]
  if (named !== undefined) return { placeId: named.placeId, register: [] }
  if (municipality === undefined) return { placeId: undefined, register: [] }
  // No municipality place yet: a pseudo-place stands for "somewhere in the municipality".
  const placeId = `${slugify(municipality)}-municipality`
  const data = PlaceRegisteredData.parse({
    placeId,
    name: municipality,
    level: 'municipality',
    kind: 'municipality',
    parentId: null,
    description:
      'Created by the public-sources import for observations located only by municipality.',
  })
  return {
    placeId,
    register: [
      {
        type: 'PlaceRegistered',
        data: data as unknown as JsonObject,
        recordedAt: at,
        naturalId: placeId,
      },
    ],
  }
}

const parseEventsFile = (
  text: string,
): {
  timelines: (observedAt: string | undefined) => EventTimeline[]
  rows: number
  rejected: Rejection[]
} => {
  if (/^\s*\[/.test(text)) {
    const json = JSON.parse(text) as unknown[]
    const first = json[0] as { versions?: unknown } | undefined
    if (first !== undefined && Array.isArray(first.versions)) {
      const r = parsePoliceEventRevisions(json)
      return {
        timelines: () => timelinesFromRevisions(r.histories),
        rows: r.rows,
        rejected: [...r.rejected],
      }
    }
    const r = parsePoliceEvents(json)
    const rowOf = new Map(json.map((e, i) => [(e as { id?: unknown })?.id, i + 1]))
    const withRows = r.events.map((event) => ({ row: rowOf.get(event.id) ?? 0, event }))
    return {
      timelines: (at) => timelinesFromFeed(withRows, at),
      rows: r.rows,
      rejected: [...r.rejected],
    }
  }
  const r = parsePoliceEventsCompactCsv(text)
  const withRows: { row: number; event: PoliceEvent }[] = r.events.map((event, i) => ({
    row: i + 2,
    event,
  }))
  return {
    timelines: (at) => timelinesFromFeed(withRows, at),
    rows: r.rows,
    rejected: [...r.rejected],
  }
}

/**
 * Imports one public source into a tenant: parses and validates the whole file first, plans the
 * domain events, then appends them chunk by chunk. Event ids are derived from tenant, source,
 * natural id and content, so a re-run writes nothing and an edited police event becomes a
 * correction recorded at the time the edit became known.
 *
 * @param store the event store
 * @param request `{ tenantId, source, file, options }`; see {@link ImportPublicSourceRequest}
 * @returns counts, every rejected record with its reason, and (Brå) the official statistics
 * @throws Error when the file is not the source's format, or the options name unknown places or
 *   categories (nothing is written then)
 * @example
 * const result = await importPublicSource(store, {
 *   tenantId: 'mjolby',
 *   source: 'police-events',
 *   file: 'polisen_events_ostergotland_2022_2026.json',
 *   options: { municipality: 'Mjölby' },
 * })
 */
export async function importPublicSource(
  store: EventStore,
  request: ImportPublicSourceRequest,
): Promise<ImportPublicSourceResult> {
  const started = performance.now()
  const tenantId = TenantId.parse(request.tenantId)
  const now = request.now ?? new Date().toISOString()
  const text = await readSource(request.file)
  const correlationId = publicSourceUuid(tenantId, request.source, 'import', contentHash(text))
  const registry = await readTenantRegistry(store, tenantId)
  let planned: PlannedEvent[] = []
  let rows = 0
  let imported = 0
  let rejected: Rejection[] = []
  let actor = POLICE_EVENTS_ORGANISATION
  const extra: Partial<ImportPublicSourceResult> = {}

  if (request.source === 'bra-indicators') {
    const parsed = parseBraIndicators(text)
    const plan = planBraIndicators(parsed, request.options ?? {}, request.options?.knownAt ?? now)
    for (const [geography, placeId] of Object.entries(request.options?.places ?? {})) {
      if (!registry.places.has(placeId)) {
        throw new Error(`places: ${geography} → "${placeId}" is not a registered place`)
      }
    }
    planned = [...plan.events]
    rows = parsed.rows
    imported = plan.imported
    rejected = [...parsed.rejected, ...plan.rejected]
    actor = 'bra-statistics'
    Object.assign(extra, { officialStatistics: plan.officialStatistics })
  } else if (request.source === 'police-events') {
    const options = request.options
    const mapping = options.typeMapping ?? DEFAULT_POLICE_TYPE_MAPPING
    const categories = catalogueOf(registry)
    const unknown = Object.values(mapping).filter(
      (t) => t !== null && !categories.has(t.categoryCode),
    )
    if (unknown.length > 0) {
      throw new Error(
        `typeMapping names categories missing from the tenant's catalogue: ${unknown.map((t) => t?.categoryCode).join(', ')}`,
      )
    }
    const register: PlannedEvent[] = []
    const single =
      options.municipality === undefined
        ? undefined
        : municipalityPlace(registry, options.municipality, options.municipalityPlaceId, now)
    if (single !== undefined) register.push(...single.register)
    const perMunicipality = new Map<string, string>()
    const placeFor = (municipality: string): string => {
      if (single?.placeId !== undefined) return single.placeId
      const known = perMunicipality.get(municipality)
      if (known !== undefined) return known
      const registered = [...registry.places.values()].find(
        (p) => p.level === 'municipality' && p.name === municipality,
      )
      const resolved =
        registered === undefined
          ? municipalityPlace({ ...registry, places: new Map() }, municipality, undefined, now)
          : { placeId: registered.placeId, register: [] }
      register.push(...resolved.register)
      const placeId = resolved.placeId ?? slugify(municipality)
      perMunicipality.set(municipality, placeId)
      return placeId
    }
    const file = parseEventsFile(text)
    const stored = await readStoredReports(store, tenantId, 'police-event-')
    const plan = planPoliceEvents(
      file.timelines(options.observedAt),
      stored,
      {
        options,
        mapping,
        categories,
        placeFor,
        candidatePlaces: [...registry.places.values()].filter(
          (p) => p.level !== 'municipality' && p.point !== undefined,
        ),
      },
      now,
    )
    const setup = registry.organisations.has(POLICE_EVENTS_ORGANISATION)
      ? []
      : [organisationEvent(POLICE_EVENTS_ORGANISATION, 'Polisen, händelser (polisen.se)', now)]
    // Setup events are recorded before the earliest report so an "as known at" read finds them.
    const earliest = earliestOf(plan.events, now)
    planned = [
      ...[...setup, ...register].map((e) => ({ ...e, recordedAt: earliest })),
      ...plan.events,
    ]
    rows = file.rows
    imported = plan.imported
    rejected = [...file.rejected, ...plan.rejected]
    Object.assign(extra, { corrections: plan.corrections, retractions: plan.retractions })
  } else {
    const options = request.options
    const key = parseCrimeCodeKey(await readSource(options.key))
    const parsed = parsePoliceCrimes(text, key.key)
    const parent = municipalityPlace(
      registry,
      options.municipality,
      options.municipalityPlaceId,
      now,
    )
    const plan = planPoliceCrimes(parsed.crimes, registry.places, catalogueOf(registry), {
      ...options,
      ...(parent.placeId === undefined ? {} : { municipalityPlaceId: parent.placeId }),
    })
    const setup = registry.organisations.has(POLICE_CRIMES_ORGANISATION)
      ? []
      : [organisationEvent(POLICE_CRIMES_ORGANISATION, 'Polisen, brottsstatistik per DeSO', now)]
    const earliest = earliestOf([...plan.events, ...plan.places], now)
    planned = [
      ...[...setup, ...(options.createPlaces ? parent.register : []), ...plan.places].map((e) => ({
        ...e,
        recordedAt: earliest,
      })),
      ...plan.events,
    ]
    // The delivery's yearly totals (every row, mapped or not) as official figures, for the
    // reconciliation with Brå's counts.
    const ofMunicipality = parsed.crimes.filter(
      (c) => options.municipality === undefined || c.municipality === options.municipality,
    )
    planned.push(
      ...planPoliceDeliveryTotals(
        ofMunicipality,
        () => (options.municipality === undefined ? undefined : parent.placeId),
        now,
      ),
    )
    rows = parsed.rows
    imported = plan.imported
    rejected = [...parsed.rejected, ...plan.rejected]
    actor = POLICE_CRIMES_ORGANISATION
  }

  rejected.sort((a, b) => a.row - b.row)
  const written = await appendPlanned(store, {
    tenantId,
    source: request.source,
    actorOrganisationId: actor,
    correlationId,
    events: planned,
    ...(request.chunkEvents === undefined ? {} : { chunkEvents: request.chunkEvents }),
  })
  return {
    source: request.source,
    rows,
    imported,
    rejected,
    rejectedByKind: countByKind(rejected),
    events: planned.length,
    appended: written.appended,
    skipped: written.skipped,
    ...extra,
    seconds: (performance.now() - started) / 1000,
  }
}
