import type { MeasureVerdict } from '@lagesbild/domain'
import { check } from '../shared/errors.js'

/** One observation an organisation reported: where, what, and in which reporting period. */
export interface FeedbackReport {
  readonly reportId: string
  readonly placeId: string
  readonly category: string
  /** Start date of the reporting period the report belongs to (`YYYY-MM-DD`). */
  readonly period: string
}

export interface FeedbackProblem {
  readonly problemId: string
  readonly title: string
  readonly placeIds: readonly string[]
  readonly categoryCodes: readonly string[]
  readonly identifiedOn: string
  readonly closedOn?: string
  readonly outcome?: string
}

/** A measure with the dates of its lifecycle events (from the measure register). */
export interface FeedbackMeasure {
  readonly measureId: string
  readonly title: string
  readonly placeIds: readonly string[]
  readonly targetCategories: readonly string[]
  readonly problemId?: string
  readonly decidedOn?: string
  readonly startedOn?: string
  readonly completedOn?: string
  readonly cancelledOn?: string
  readonly evaluatedOn?: string
  readonly verdict?: MeasureVerdict
  readonly evidenceLevel?: number
}

export interface FeedbackInput {
  readonly organisationId: string
  /** The organisation's own reports. */
  readonly reports: readonly FeedbackReport[]
  readonly problems: readonly FeedbackProblem[]
  readonly measures: readonly FeedbackMeasure[]
  /** Events after this date are not reported (no clock inside the analysis). */
  readonly asOf: string
}

export type MeasureEventKind = 'decided' | 'started' | 'completed' | 'cancelled' | 'evaluated'

export interface FeedbackMeasureOutcome {
  readonly measureId: string
  readonly title: string
  /** Lifecycle events on or after the period start and on or before `asOf`, in date order. */
  readonly events: readonly { readonly kind: MeasureEventKind; readonly on: string }[]
  readonly verdict: MeasureVerdict | null
  readonly evidenceLevel: number | null
  /** Whether the measure targets a category the organisation reported there. */
  readonly addressesReportedCategory: boolean
}

export interface FeedbackProblemOutcome {
  readonly problemId: string
  readonly title: string
  readonly identifiedOn: string
  readonly closedOn: string | null
  readonly outcome: string | null
  readonly addressesReportedCategory: boolean
}

export interface FeedbackPlace {
  readonly placeId: string
  readonly reports: number
  /** category → number of reports. */
  readonly categories: Readonly<Record<string, number>>
  readonly problems: readonly FeedbackProblemOutcome[]
  readonly measures: readonly FeedbackMeasureOutcome[]
}

export interface FeedbackPeriod {
  readonly period: string
  readonly reports: number
  readonly places: readonly FeedbackPlace[]
}

export interface FeedbackResult {
  readonly organisationId: string
  readonly asOf: string
  readonly periods: readonly FeedbackPeriod[]
}

const overlaps = (a: readonly string[], b: ReadonlySet<string>) =>
  a.length === 0 || a.some((x) => b.has(x))

/**
 * What came of an organisation's reports — the model's last step, feedback to the reporters. For
 * each reporting period: the places the organisation reported on and, at each place, the problems
 * identified and the measures decided, started, completed, cancelled or evaluated since the start
 * of that period (up to `asOf`), with verdicts.
 *
 * "Since" counts from the period start, not the report date: a problem identified in the same
 * fortnight may well have come from that report.
 *
 * @param input the organisation's reports, the problem and measure registers, and `asOf`
 * @returns periods in date order; places by number of reports, most first
 * @throws AnalysisInputError when a report's period or `asOf` is not a `YYYY-MM-DD` date
 * @example
 * const { periods } = reporterFeedback({ organisationId: 'bostader', reports, problems, measures, asOf: '2025-06-30' })
 * periods[0].places[0].measures // [{ title: 'Belysning i parken', events: [{ kind: 'started', on: '2025-03-03' }], … }]
 */
export function reporterFeedback(input: FeedbackInput): FeedbackResult {
  const date = /^\d{4}-\d{2}-\d{2}$/
  check(date.test(input.asOf), 'invalid-date', `asOf is '${input.asOf}', expected YYYY-MM-DD.`)
  const byPeriod = new Map<string, Map<string, Map<string, number>>>()
  for (const r of input.reports) {
    check(date.test(r.period), 'invalid-date', `Report ${r.reportId} has period '${r.period}'.`)
    const places = byPeriod.get(r.period) ?? new Map<string, Map<string, number>>()
    byPeriod.set(r.period, places)
    const cats = places.get(r.placeId) ?? new Map<string, number>()
    places.set(r.placeId, cats)
    cats.set(r.category, (cats.get(r.category) ?? 0) + 1)
  }
  const within = (d: string | undefined, from: string) =>
    d !== undefined && d >= from && d <= input.asOf
  const periods: FeedbackPeriod[] = [...byPeriod.keys()].sort().map((period) => {
    const placeMap = byPeriod.get(period) as Map<string, Map<string, number>>
    const places: FeedbackPlace[] = [...placeMap.entries()].map(([placeId, cats]) => {
      const reported = new Set(cats.keys())
      const problems = input.problems
        .filter((p) => p.placeIds.includes(placeId) && within(p.identifiedOn, period))
        .sort((a, b) => (a.identifiedOn < b.identifiedOn ? -1 : 1))
        .map((p) => ({
          problemId: p.problemId,
          title: p.title,
          identifiedOn: p.identifiedOn,
          closedOn: p.closedOn !== undefined && p.closedOn <= input.asOf ? p.closedOn : null,
          outcome:
            p.closedOn !== undefined && p.closedOn <= input.asOf ? (p.outcome ?? null) : null,
          addressesReportedCategory: overlaps(p.categoryCodes, reported),
        }))
      const measures = input.measures.flatMap((m): FeedbackMeasureOutcome[] => {
        if (!m.placeIds.includes(placeId)) return []
        const all: [MeasureEventKind, string | undefined][] = [
          ['decided', m.decidedOn],
          ['started', m.startedOn],
          ['completed', m.completedOn],
          ['cancelled', m.cancelledOn],
          ['evaluated', m.evaluatedOn],
        ]
        const events = all
          .filter(([, on]) => within(on, period))
          .map(([kind, on]) => ({ kind, on: on as string }))
          .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
        if (events.length === 0) return []
        const evaluated = within(m.evaluatedOn, period)
        return [
          {
            measureId: m.measureId,
            title: m.title,
            events,
            verdict: evaluated ? (m.verdict ?? null) : null,
            evidenceLevel: evaluated ? (m.evidenceLevel ?? null) : null,
            addressesReportedCategory: overlaps(m.targetCategories, reported),
          },
        ]
      })
      const reports = [...cats.values()].reduce((s, n) => s + n, 0)
      return { placeId, reports, categories: Object.fromEntries(cats), problems, measures }
    })
    places.sort((a, b) => b.reports - a.reports || (a.placeId < b.placeId ? -1 : 1))
    return { period, reports: places.reduce((s, p) => s + p.reports, 0), places }
  })
  return { organisationId: input.organisationId, asOf: input.asOf, periods }
}
