import {
  addDays,
  type CadenceSetting,
  dayNumber,
  type Period,
  periodsBetween,
} from '../periods/index.js'

/** How counts are grouped in time: the tenant's reporting periods or calendar units. */
export type TrendBucket = 'period' | 'month' | 'quarter' | 'year'

export const TREND_BUCKETS: readonly TrendBucket[] = ['period', 'month', 'quarter', 'year']

/**
 * Where counted reports come from. The public-source importers report as their own
 * organisations, so official series can be told apart from (and overlaid on) the partners'
 * reports instead of being silently mixed in.
 */
export type TrendSource = 'partners' | 'police-events' | 'police-crimes'

export const TREND_SOURCES: readonly TrendSource[] = ['partners', 'police-events', 'police-crimes']

/**
 * The reporter organisations of the public-source importers (`@lagesbild/public-sources`:
 * POLICE_EVENTS_ORGANISATION, POLICE_CRIMES_ORGANISATION); every other organisation is a partner.
 */
export const SOURCE_ORGANISATIONS: Readonly<Record<string, Exclude<TrendSource, 'partners'>>> = {
  'police-events-feed': 'police-events',
  'police-crime-statistics': 'police-crimes',
}

export const trendSourceOf = (organisationId: string): TrendSource =>
  SOURCE_ORGANISATIONS[organisationId] ?? 'partners'

/** The same classification in SQL, over a column holding the organisation id. */
export const trendSourceSql = (column: string): string =>
  `case ${column} ${Object.entries(SOURCE_ORGANISATIONS)
    .map(([org, source]) => `when '${org}' then '${source}'`)
    .join(' ')} else 'partners' end`

/** One bucket's count of one category from one source. */
export interface TrendCount {
  readonly category: string
  readonly source: TrendSource
  readonly count: number
}

/** What a caller asks for. Exactly one of `placeId` and `area` is given. */
export interface PlaceTrendQuery {
  /** One place, on its own. */
  readonly placeId?: string
  /** An area (or municipality) and every place below it. */
  readonly area?: string
  /** Only these categories, each with its own series; absent means all categories summed. */
  readonly categories?: readonly string[]
  /** First day (`YYYY-MM-DD`); the bucket containing it is the first bucket. */
  readonly from: string
  /** Last day (`YYYY-MM-DD`); the bucket containing it is the last bucket. */
  readonly to: string
  readonly bucket: TrendBucket
  /** Transaction-time cut: only what was recorded at or before this instant counts (default now). */
  readonly knownAt?: string
  /** Only reports from these sources count (default all: partners and the police imports). */
  readonly sources?: readonly TrendSource[]
}

/** One bucket of a trend. */
export interface TrendPoint {
  readonly start: string
  readonly end: string
  readonly count: number
  /** Per requested category, zeros included; only when the query names categories. */
  readonly byCategory?: Readonly<Record<string, number>>
  /** Per counted source, zeros included: the partners' reports beside the police series. */
  readonly bySource: Readonly<Partial<Record<TrendSource, number>>>
}

export interface PlaceTrend {
  readonly tenantId: string
  readonly placeId: string | null
  readonly area: string | null
  readonly categories: readonly string[] | null
  /** The sources counted, in TREND_SOURCES order. */
  readonly sources: readonly TrendSource[]
  readonly bucket: TrendBucket
  readonly from: string
  readonly to: string
  readonly knownAt: string
  /** Every bucket overlapping `[from, to]`, in order, zero buckets included. */
  readonly points: readonly TrendPoint[]
}

/** The validated query with its buckets worked out. */
export interface TrendPlan {
  readonly tenantId: string
  readonly placeId: string | null
  readonly area: string | null
  readonly categories: readonly string[] | null
  readonly sources: readonly TrendSource[]
  readonly bucket: TrendBucket
  readonly from: string
  readonly to: string
  readonly knownAt: string
  readonly knownAtMs: number
  readonly buckets: readonly Period[]
}

/** A guard against a typo (a year 20211) turning one query into millions of zero buckets. */
export const MAX_TREND_BUCKETS = 10_000

const DATE = /^\d{4}-\d{2}-\d{2}$/

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** The calendar bucket (month, quarter or year) that contains `date`. */
export const calendarBucket = (date: string, bucket: Exclude<TrendBucket, 'period'>): Period => {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const first = bucket === 'year' ? 1 : bucket === 'quarter' ? Math.floor((m - 1) / 3) * 3 + 1 : m
  const months = bucket === 'year' ? 12 : bucket === 'quarter' ? 3 : 1
  const start = `${pad(y, 4)}-${pad(first)}-01`
  const nextMonth = first + months
  const next =
    nextMonth > 12
      ? `${pad(y + 1, 4)}-${pad(nextMonth - 12)}-01`
      : `${pad(y, 4)}-${pad(nextMonth)}-01`
  return { start, end: addDays(next, -1) }
}

/**
 * Every bucket overlapping `[from, to]`, in order. Buckets are whole: a trend from the 15th of a
 * month starts with the whole month, so the first point is not a misleading partial count.
 * @throws RangeError when `to` is before `from`
 */
export const bucketsBetween = (
  from: string,
  to: string,
  bucket: TrendBucket,
  history: readonly CadenceSetting[],
): readonly Period[] => {
  if (to < from) throw new RangeError(`to (${to}) is before from (${from})`)
  if (bucket === 'period') return periodsBetween(from, to, history)
  const out: Period[] = []
  let b = calendarBucket(from, bucket)
  while (b.start <= to) {
    out.push(b)
    b = calendarBucket(addDays(b.end, 1), bucket)
  }
  return out
}

/**
 * Validates a query and works out its buckets.
 * @param now the instant used when the query has no `knownAt` (ms since the epoch)
 * @throws RangeError for a malformed date, instant or bucket, `to` before `from`, both or neither
 *   of placeId/area, or more than MAX_TREND_BUCKETS buckets
 */
export const planTrend = (
  tenantId: string,
  query: PlaceTrendQuery,
  history: readonly CadenceSetting[],
  now: number = Date.now(),
): TrendPlan => {
  if ((query.placeId === undefined) === (query.area === undefined)) {
    throw new RangeError('pass exactly one of placeId (one place) and area (a place and below)')
  }
  for (const [name, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (!DATE.test(value)) throw new RangeError(`${name} is not a YYYY-MM-DD date: ${value}`)
    dayNumber(value)
  }
  for (const source of query.sources ?? []) {
    if (!TREND_SOURCES.includes(source)) {
      throw new RangeError(`sources must be among ${TREND_SOURCES.join(', ')}; got ${source}`)
    }
  }
  if (query.sources !== undefined && query.sources.length === 0) {
    throw new RangeError('sources is empty; leave it out to count every source')
  }
  if (!TREND_BUCKETS.includes(query.bucket)) {
    throw new RangeError(`bucket must be one of ${TREND_BUCKETS.join(', ')}; got ${query.bucket}`)
  }
  const knownAtMs = query.knownAt === undefined ? now : Date.parse(query.knownAt)
  if (Number.isNaN(knownAtMs)) throw new RangeError(`knownAt is not an instant: ${query.knownAt}`)
  // Cheap bound before generating: the shortest bucket is one day.
  if (dayNumber(query.to) - dayNumber(query.from) > MAX_TREND_BUCKETS * 366) {
    throw new RangeError(`more than ${MAX_TREND_BUCKETS} buckets; narrow from/to`)
  }
  const buckets = bucketsBetween(query.from, query.to, query.bucket, history)
  if (buckets.length > MAX_TREND_BUCKETS) {
    throw new RangeError(`${buckets.length} buckets is more than ${MAX_TREND_BUCKETS}`)
  }
  return {
    tenantId,
    placeId: query.placeId ?? null,
    area: query.area ?? null,
    categories: query.categories === undefined ? null : [...new Set(query.categories)].sort(),
    sources: TREND_SOURCES.filter((s) => query.sources === undefined || query.sources.includes(s)),
    bucket: query.bucket,
    from: query.from,
    to: query.to,
    knownAt: new Date(knownAtMs).toISOString(),
    knownAtMs,
    buckets,
  }
}

/**
 * Assembles the trend from counts per bucket start, category and source. Both the fold and the
 * SQL query end here, so they cannot differ in how buckets, zeros and breakdowns are laid out.
 * @param counts bucket start → counts (categories and sources outside the plan are ignored)
 */
export const buildTrend = (
  plan: TrendPlan,
  counts: ReadonlyMap<string, readonly TrendCount[]>,
): PlaceTrend => {
  const wantedCategories = plan.categories === null ? null : new Set(plan.categories)
  const wantedSources = new Set(plan.sources)
  const points = plan.buckets.map((b): TrendPoint => {
    const byCategory: Record<string, number> = {}
    for (const category of plan.categories ?? []) byCategory[category] = 0
    const bySource: Partial<Record<TrendSource, number>> = {}
    for (const source of plan.sources) bySource[source] = 0
    let count = 0
    for (const c of counts.get(b.start) ?? []) {
      if (!wantedSources.has(c.source)) continue
      if (wantedCategories !== null && !wantedCategories.has(c.category)) continue
      count += c.count
      bySource[c.source] = (bySource[c.source] ?? 0) + c.count
      if (wantedCategories !== null)
        byCategory[c.category] = (byCategory[c.category] ?? 0) + c.count
    }
    return plan.categories === null
      ? { start: b.start, end: b.end, count, bySource }
      : { start: b.start, end: b.end, count, byCategory, bySource }
  })
  return {
    tenantId: plan.tenantId,
    placeId: plan.placeId,
    area: plan.area,
    categories: plan.categories,
    sources: plan.sources,
    bucket: plan.bucket,
    from: plan.from,
    to: plan.to,
    knownAt: plan.knownAt,
    points,
  }
}
