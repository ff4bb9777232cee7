import type { Interval } from '@lagesbild/statistics'
import type { InsecurityCell } from '../insecurity/types.js'
import { check } from '../shared/errors.js'
import { checkPeriods, checkSeries, correlation, type PlaceSeries } from '../shared/series.js'

export interface ReportsVsSurveysInput {
  /** Period start dates; a period belongs to the calendar year its start date falls in. */
  readonly periods: readonly string[]
  /** Report counts per place (all categories, or the ones the survey question is about). */
  readonly counts: PlaceSeries
  /** Perceived-insecurity cells; their `areaId` is matched to the place id. */
  readonly insecurity: readonly InsecurityCell[]
}

export interface ReportsVsSurveysOptions {
  /** Percentile-rank gap at which a place is called divergent (default 0.5). */
  readonly divergenceThreshold?: number
  /** Prefer 'respondents' or 'published' cells when both exist (default 'respondents'). */
  readonly prefer?: 'respondents' | 'published'
}

export type DivergencePattern =
  | 'insecure-but-few-reports'
  | 'many-reports-but-secure'
  | 'consistent'

export interface ReportsVsSurveysRow {
  readonly placeId: string
  readonly year: number
  readonly reports: number
  readonly periods: number
  readonly reportsPerPeriod: number
  /** null when the survey cell is suppressed (too few respondents). */
  readonly insecurity: {
    readonly share: number
    readonly ci: Interval | null
    readonly n: number | null
  } | null
  readonly suppressed: boolean
  /** Percentile ranks (0 lowest, 1 highest) among places with both figures that year. */
  readonly reportsRank: number | null
  readonly insecurityRank: number | null
  /** insecurityRank − reportsRank: positive when people feel less safe than reports suggest. */
  readonly divergence: number | null
  readonly pattern: DivergencePattern | null
}

export interface ReportsVsSurveysYear {
  readonly year: number
  readonly places: number
  /** Spearman correlation between reports per period and the insecurity share across places. */
  readonly spearman: number | null
}

export interface ReportsVsSurveysResult {
  readonly rows: readonly ReportsVsSurveysRow[]
  readonly years: readonly ReportsVsSurveysYear[]
}

/** Midranks scaled to 0–1; a single place gets 0.5. */
function percentileRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v)
  const ranks = new Array<number>(values.length)
  for (let start = 0; start < order.length; ) {
    let end = start
    while (
      end + 1 < order.length &&
      (order[end + 1] as { v: number }).v === (order[start] as { v: number }).v
    )
      end++
    const mid = (start + end) / 2
    for (let k = start; k <= end; k++) ranks[(order[k] as { i: number }).i] = mid
    start = end + 1
  }
  const n = values.length
  return ranks.map((r) => (n === 1 ? 0.5 : r / (n - 1)))
}

/**
 * Report counts beside perceived insecurity, per place and survey year, so an analyst sees where
 * they diverge: places where people feel unsafe but few reports come in (under-reporting, or fear
 * fed by something the reporters do not see), and places with many reports where people still
 * feel safe. Ranks, not levels, are compared, because reports and shares have no common scale.
 *
 * @param input periods, report counts per place, insecurity cells (from `perceivedInsecurity`)
 * @param options divergence threshold and which source to prefer
 * @returns one row per place and survey year that has reports in that year, and per-year Spearman ρ
 * @throws AnalysisInputError for bad periods or series
 * @example
 * const { rows } = reportsVsSurveys({ periods, counts, insecurity: perceivedInsecurity(survey).cells })
 * rows.filter((r) => r.pattern === 'insecure-but-few-reports')
 */
export function reportsVsSurveys(
  input: ReportsVsSurveysInput,
  options: ReportsVsSurveysOptions = {},
): ReportsVsSurveysResult {
  const threshold = options.divergenceThreshold ?? 0.5
  const prefer = options.prefer ?? 'respondents'
  check(threshold > 0 && threshold <= 1, 'invalid-option', 'divergenceThreshold must be in (0, 1].')
  checkPeriods(input.periods)
  checkSeries(input.counts, input.periods, 'counts')
  const cellFor = new Map<string, InsecurityCell>()
  for (const c of input.insecurity) {
    const k = `${c.year}\u0000${c.areaId}`
    const existing = cellFor.get(k)
    if (existing === undefined || (existing.source !== prefer && c.source === prefer))
      cellFor.set(k, c)
  }
  const years = [...new Set(input.insecurity.map((c) => c.year))].sort((a, b) => a - b)
  const rows: ReportsVsSurveysRow[] = []
  const summaries: ReportsVsSurveysYear[] = []
  for (const year of years) {
    const idx = input.periods.flatMap((p, i) => (Number(p.slice(0, 4)) === year ? [i] : []))
    if (idx.length === 0) continue
    const yearRows: Omit<
      ReportsVsSurveysRow,
      'reportsRank' | 'insecurityRank' | 'divergence' | 'pattern'
    >[] = []
    for (const [placeId, series] of Object.entries(input.counts)) {
      const cell = cellFor.get(`${year}\u0000${placeId}`)
      if (cell === undefined) continue
      const reports = idx.reduce((s, i) => s + (series[i] as number), 0)
      yearRows.push({
        placeId,
        year,
        reports,
        periods: idx.length,
        reportsPerPeriod: reports / idx.length,
        insecurity: cell.suppressed ? null : { share: cell.share, ci: cell.ci, n: cell.n },
        suppressed: cell.suppressed,
      })
    }
    const both = yearRows.filter((r) => r.insecurity !== null)
    const rr = percentileRanks(both.map((r) => r.reportsPerPeriod))
    const ir = percentileRanks(both.map((r) => (r.insecurity as { share: number }).share))
    const ranked = new Map(
      both.map((r, i) => [r.placeId, { rr: rr[i] as number, ir: ir[i] as number }]),
    )
    for (const r of yearRows) {
      const k = ranked.get(r.placeId)
      if (k === undefined) {
        rows.push({
          ...r,
          reportsRank: null,
          insecurityRank: null,
          divergence: null,
          pattern: null,
        })
        continue
      }
      const divergence = k.ir - k.rr
      rows.push({
        ...r,
        reportsRank: k.rr,
        insecurityRank: k.ir,
        divergence,
        pattern:
          divergence >= threshold
            ? 'insecure-but-few-reports'
            : divergence <= -threshold
              ? 'many-reports-but-secure'
              : 'consistent',
      })
    }
    summaries.push({
      year,
      places: both.length,
      spearman: both.length >= 3 ? correlation(rr, ir) : null,
    })
  }
  rows.sort((a, b) => a.year - b.year || Math.abs(b.divergence ?? 0) - Math.abs(a.divergence ?? 0))
  return { rows, years: summaries }
}
