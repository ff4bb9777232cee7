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
}

/** One bucket of a trend. */
export interface TrendPoint {
  readonly start: string
  readonly end: string
  readonly count: number
  /** Per requested category, zeros included; only when the query names categories. */
  readonly byCategory?: Readonly<Record<string, number>>
}

export interface PlaceTrend {
  readonly tenantId: string
  readonly placeId: string | null
  readonly area: string | null
  readonly categories: readonly string[] | null
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
    bucket: query.bucket,
    from: query.from,
    to: query.to,
    knownAt: new Date(knownAtMs).toISOString(),
    knownAtMs,
    buckets,
  }
}

/**
 * Assembles the trend from counts per bucket start and category. Both the fold and the SQL
 * query end here, so they cannot differ in how buckets, zeros and breakdowns are laid out.
 * @param counts bucket start → category → count (categories outside the plan are ignored when the
 *   plan names categories)
 */
export const buildTrend = (
  plan: TrendPlan,
  counts: ReadonlyMap<string, ReadonlyMap<string, number>>,
): PlaceTrend => {
  const points = plan.buckets.map((b): TrendPoint => {
    const cells = counts.get(b.start) ?? new Map<string, number>()
    if (plan.categories === null) {
      let count = 0
      for (const c of cells.values()) count += c
      return { start: b.start, end: b.end, count }
    }
    const byCategory: Record<string, number> = {}
    let count = 0
    for (const category of plan.categories) {
      const c = cells.get(category) ?? 0
      byCategory[category] = c
      count += c
    }
    return { start: b.start, end: b.end, count, byCategory }
  })
  return {
    tenantId: plan.tenantId,
    placeId: plan.placeId,
    area: plan.area,
    categories: plan.categories,
    bucket: plan.bucket,
    from: plan.from,
    to: plan.to,
    knownAt: plan.knownAt,
    points,
  }
}
