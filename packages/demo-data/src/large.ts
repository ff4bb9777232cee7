import {
  type Actor,
  type Category,
  CURRENT_SCHEMA_VERSIONS,
  DEFAULT_ASSESSMENT_SCALE,
  DEFAULT_CATEGORY_CATALOGUE,
  type DomainEvent,
  type Observation,
  type OrganisationKind,
  type PlaceKind,
  TenantId,
} from '@lagesbild/domain'
import { dayOf, isoOf, localInstant, mondayOnOrAfter } from './calendar.js'
import type { LogEntry } from './event-log.js'
import { createRandom } from './random/index.js'

/** Options of {@link generateLargeMunicipality}. */
export type LargeMunicipalityOptions = {
  readonly seed?: number
  /** Default `large`. */
  readonly tenantId?: string
  /** Exactly this many observations are generated (default 1,000,000). */
  readonly observations?: number
  /** Places below the areas (default 200). */
  readonly places?: number
  readonly from?: string
  readonly to?: string
  /** Log entries per yielded array (default 1000). */
  readonly batchSize?: number
}

/** What the generator produced, returned when it is exhausted. */
export type LargeMunicipalitySummary = {
  readonly events: number
  readonly reports: number
  readonly observations: number
  readonly places: number
  readonly organisations: number
}

// Roughly how a year of EST reports splits over categories (our assumption for benchmarks).
const CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  vandalism: 14,
  graffiti: 12,
  littering: 14,
  'disturbing-gatherings': 16,
  'unsafe-place': 9,
  'suspected-drug-activity': 8,
  'open-drug-dealing': 3,
  assault: 4,
  threats: 4,
  robbery: 1,
  'staff-incident': 2,
  arson: 1,
  burglary: 3,
  'reckless-driving': 4,
  'motor-traffic-on-paths': 2,
  'social-media-rumours': 2,
  'planned-event': 1,
}
const PLACE_KINDS: readonly PlaceKind[] = [
  'square',
  'park',
  'school-yard',
  'stairwell',
  'street',
  'travel-centre',
  'mall',
  'sports-ground',
  'youth-centre',
]
const ORGANISATION_KINDS: readonly OrganisationKind[] = [
  'municipal-function',
  'police',
  'housing-company',
  'school',
  'rescue-service',
]
const PLACES_PER_AREA = 10
// Keeps reports far below the schema's 500 observations even for 1M observations.
const TARGET_PER_REPORT = 150

const cumulative = (weights: readonly number[]): Float64Array => {
  const out = new Float64Array(weights.length)
  let sum = 0
  weights.forEach((w, i) => {
    sum += w
    out[i] = sum
  })
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum
  return out
}
const search = (cdf: Float64Array, u: number): number => {
  let lo = 0
  let hi = cdf.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (u < (cdf[mid] as number)) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * A synthetic municipality of any size for benchmarks: `places` places in areas of ten, enough
 * reporting units that a 14-day report holds ~150 observations, hot-spot places (Zipf-like
 * weights) and exactly `observations` observations. Valid domain events, but no seasonality,
 * measures or surveys: use {@link generateDemo} for realistic content. Yields arrays of log
 * entries (setup first, then reports by period) and returns a summary.
 * @param options seed, tenantId (default `large`), observations, places, from/to, batchSize
 * @throws Error on a non-integer seed or counts, a bad tenant id or an empty date range
 * @example
 * for (const batch of generateLargeMunicipality({ observations: 100_000 })) {
 *   for (const requests of toAppendBatches(batch)) await store.appendMany(requests)
 * }
 */
export function* generateLargeMunicipality(
  options: LargeMunicipalityOptions = {},
): Generator<LogEntry[], LargeMunicipalitySummary, void> {
  const seed = options.seed ?? 1
  const tenantId = options.tenantId ?? 'large'
  const total = options.observations ?? 1_000_000
  const placeCount = options.places ?? 200
  const batchSize = options.batchSize ?? 1000
  const fromDay = dayOf(options.from ?? '2019-01-01')
  const toDay = dayOf(options.to ?? '2025-12-31')
  for (const [name, value] of Object.entries({ seed, total, placeCount, batchSize })) {
    if (!Number.isSafeInteger(value) || value < (name === 'seed' ? -(2 ** 31) : 1)) {
      throw new Error(`${name} must be a positive integer, got ${value}`)
    }
  }
  if (!TenantId.safeParse(tenantId).success) {
    throw new Error(`tenantId must be a lower-case kebab-case slug, got "${tenantId}"`)
  }
  const anchorDay = mondayOnOrAfter(fromDay)
  const periods = Math.floor((toDay - anchorDay) / 14)
  if (periods < 1) throw new Error('from … to must span at least one 14-day period')

  const rng = createRandom(seed, 'large')
  const ids = createRandom(seed, 'large-ids')
  const units = Math.max(8, Math.ceil(total / (periods * TARGET_PER_REPORT)))
  const streamVersions = new Map<string, number>()
  let batch: LogEntry[] = []
  let events = 0
  const push = (streamId: string, event: DomainEvent): LogEntry[] | undefined => {
    const version = (streamVersions.get(streamId) ?? 0) + 1
    streamVersions.set(streamId, version)
    batch.push({ streamId, version, event })
    events++
    if (batch.length < batchSize) return undefined
    const full = batch
    batch = []
    return full
  }
  const meta = (type: DomainEvent['type'], iso: string, actor: Actor) => ({
    eventId: ids.uuid(),
    tenantId,
    recordedAt: iso,
    actor,
    correlationId: ids.uuid(),
    causationId: null,
    schemaVersion: CURRENT_SCHEMA_VERSIONS[type],
  })

  // --- Setup.
  const admin: Actor = { organisationId: 'municipality', role: 'admin' }
  let second = 9 * 3600
  const setup = (type: DomainEvent['type'], streamId: string, data: unknown) =>
    push(streamId, {
      type,
      data,
      metadata: meta(type, localInstant(fromDay, second++).iso, admin),
    } as DomainEvent)
  const setupEvents: [DomainEvent['type'], string, unknown][] = [
    [
      'ReportingCadenceSet',
      'config',
      { intervalDays: 14, anchorDate: isoOf(anchorDay), effectiveFrom: isoOf(anchorDay) },
    ],
    [
      'CategoryCatalogueSet',
      'config',
      { categories: DEFAULT_CATEGORY_CATALOGUE.map((c) => ({ ...c })) },
    ],
    ['AssessmentScaleSet', 'config', { scale: DEFAULT_ASSESSMENT_SCALE }],
    [
      'OrganisationRegistered',
      'organisation-municipality',
      { organisationId: 'municipality', name: 'Storkommun (syntetisk)', kind: 'municipality' },
    ],
  ]
  const organisationIds: string[] = []
  for (let u = 0; u < units; u++) {
    const organisationId = `unit-${String(u + 1).padStart(4, '0')}`
    organisationIds.push(organisationId)
    const kind = ORGANISATION_KINDS[u % ORGANISATION_KINDS.length] as OrganisationKind
    setupEvents.push([
      'OrganisationRegistered',
      `organisation-${organisationId}`,
      {
        organisationId,
        name: `Rapporterande enhet ${u + 1}`,
        kind,
        ...(kind === 'municipal-function' ? { parentId: 'municipality' } : {}),
      },
    ])
  }
  setupEvents.push([
    'PlaceRegistered',
    'place-municipality',
    {
      placeId: 'municipality',
      name: 'Storkommun',
      level: 'municipality',
      kind: 'municipality',
      parentId: null,
    },
  ])
  const areaCount = Math.ceil(placeCount / PLACES_PER_AREA)
  for (let a = 0; a < areaCount; a++) {
    const placeId = `area-${String(a + 1).padStart(3, '0')}`
    setupEvents.push([
      'PlaceRegistered',
      `place-${placeId}`,
      {
        placeId,
        name: `Område ${a + 1}`,
        level: 'area',
        kind: 'district',
        parentId: 'municipality',
      },
    ])
  }
  const placeIds: string[] = []
  for (let p = 0; p < placeCount; p++) {
    const placeId = `place-${String(p + 1).padStart(5, '0')}`
    placeIds.push(placeId)
    setupEvents.push([
      'PlaceRegistered',
      `place-${placeId}`,
      {
        placeId,
        name: `Plats ${p + 1}`,
        level: 'place',
        kind: PLACE_KINDS[p % PLACE_KINDS.length],
        parentId: `area-${String(Math.floor(p / PLACES_PER_AREA) + 1).padStart(3, '0')}`,
        point: {
          lat: 58.3 + (Math.floor(p / 20) % 20) * 0.003,
          lon: 15.1 + (p % 20) * 0.004,
        },
      },
    ])
  }
  for (const [type, streamId, data] of setupEvents) {
    const full = setup(type, streamId, data)
    if (full !== undefined) yield full
  }

  // --- Reports: hot spots get more (weights ∝ 1 / rank^0.8, shuffled over the places).
  const placeOrder = placeIds.map((_, i) => i)
  for (let i = placeOrder.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[placeOrder[i], placeOrder[j]] = [placeOrder[j] as number, placeOrder[i] as number]
  }
  const placeCdf = cumulative(placeOrder.map((rank) => 1 / (rank + 1) ** 0.8))
  const categories = DEFAULT_CATEGORY_CATALOGUE.filter(
    (c) => CATEGORY_WEIGHTS[c.code] !== undefined,
  )
  const categoryCdf = cumulative(categories.map((c) => CATEGORY_WEIGHTS[c.code] as number))
  const observationIds = Array.from({ length: 500 }, (_, i) => `o${i + 1}`)
  const reports = periods * units
  const perReport = Math.floor(total / reports)
  const extra = total % reports
  let reportIndex = 0
  let reportCount = 0
  for (let period = 0; period < periods; period++) {
    const start = anchorDay + period * 14
    const dates = Array.from({ length: 14 }, (_, i) => isoOf(start + i))
    const periodRange = { from: dates[0] as string, to: dates[13] as string }
    // Immutable valid times shared by the period's observations: half the allocations.
    const occurred = dates.map((date) => Object.freeze({ precision: 'exact' as const, date }))
    // A period's reports are appended by recordedAt, so the log order is the order of knowing.
    const periodReports: { ms: number; streamId: string; event: DomainEvent }[] = []
    for (const organisationId of organisationIds) {
      const n = perReport + (reportIndex++ < extra ? 1 : 0)
      if (n === 0) continue
      const observations: Observation[] = new Array(n)
      for (let i = 0; i < n; i++) {
        const category = categories[search(categoryCdf, rng.next())] as Category
        observations[i] = {
          observationId: observationIds[i] as string,
          kind: category.kind,
          categoryCode: category.code,
          placeId: placeIds[search(placeCdf, rng.next())] as string,
          occurredOn: occurred[rng.uint32() % 14] as Observation['occurredOn'],
          count: 1,
          certainty: 'observed',
          policeReported: 'unknown',
        }
      }
      const at = localInstant(
        Math.min(toDay, start + 14 + (rng.uint32() % 3)),
        8 * 3600 + (rng.uint32() % 28_800),
      )
      const reportId = ids.uuid()
      reportCount++
      periodReports.push({
        ms: at.ms,
        streamId: `report-${reportId}`,
        event: {
          type: 'ReportSubmitted',
          data: {
            reportId,
            reporterOrganisationId: organisationId,
            period: periodRange,
            observations,
          },
          metadata: meta('ReportSubmitted', at.iso, { organisationId, role: 'reporter' }),
        },
      })
    }
    periodReports.sort((a, b) => a.ms - b.ms)
    for (const r of periodReports) {
      const full = push(r.streamId, r.event)
      if (full !== undefined) yield full
    }
  }
  if (batch.length > 0) yield batch
  return {
    events,
    reports: reportCount,
    observations: total,
    places: placeCount,
    organisations: units + 1,
  }
}
