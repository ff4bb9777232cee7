import { check } from '../shared/errors.js'
import { correlation, mean, type PlaceSeries, periodIndexOf } from '../shared/series.js'
import type { ControlChoice, MeasureUnderEvaluation, OtherMeasure } from './types.js'

export interface WindowIndices {
  readonly startIndex: number
  readonly before: readonly number[]
  readonly after: readonly number[]
}

/**
 * The period containing the start date is where the measure was being put in place: counts in it
 * are partly treated, so it belongs to neither window.
 */
export function windowsFor(
  periods: readonly string[],
  startedOn: string,
  windowPeriods: number,
): WindowIndices {
  const s = periodIndexOf(periods, startedOn)
  check(
    s >= 2,
    'window-too-short',
    `The measure starts ${startedOn}; at least two whole periods before it are needed.`,
  )
  check(
    s <= periods.length - 3,
    'window-too-short',
    `The measure starts ${startedOn}; at least two whole periods after it are needed.`,
  )
  const before: number[] = []
  for (let i = Math.max(0, s - windowPeriods); i < s; i++) before.push(i)
  const after: number[] = []
  for (let i = s + 1; i <= Math.min(periods.length - 1, s + windowPeriods); i++) after.push(i)
  return { startIndex: s, before, after }
}

const overlaps = (other: OtherMeasure, from: string, to: string): boolean =>
  other.startedOn <= to && (other.completedOn === undefined || other.completedOn >= from)

/**
 * Places that may serve as controls or donors: not treated, not a buffer, not touched by another
 * measure running during the analysed span, with at least one count in the before window, ranked
 * by how well their before-window series matches the treated places'.
 *
 * Score = r − ½·|ln((m_c + ½)/(m_t + ½))|, with r the Pearson correlation between the candidate's
 * series and the treated sum over the before window, m_c the candidate's mean and m_t the treated
 * mean per place. The correlation rewards a shared pattern (seasonality, common shocks); the level
 * term keeps a quiet street from controlling for a busy square, whose Poisson noise differs.
 */
export interface Candidates {
  /** Eligible places, best match first. */
  readonly ranked: ControlChoice[]
  /** Scores any place with the same formula, eligible or not (for coordinator-given controls). */
  readonly score: (placeId: string) => ControlChoice
  /** Other measures running at the treated places during the analysed span. */
  readonly overlappingAtTreated: readonly string[]
}

export function rankCandidates(
  measure: MeasureUnderEvaluation,
  counts: PlaceSeries,
  otherMeasures: readonly OtherMeasure[],
  before: readonly number[],
  span: { readonly from: string; readonly to: string },
): Candidates {
  const treated = new Set(measure.placeIds)
  const excluded = new Set([...measure.placeIds, ...(measure.bufferPlaceIds ?? [])])
  const overlappingAtTreated: string[] = []
  for (const other of otherMeasures) {
    if (other.id === measure.id || !overlaps(other, span.from, span.to)) continue
    for (const p of other.placeIds) excluded.add(p)
    if (other.placeIds.some((p) => treated.has(p))) overlappingAtTreated.push(other.id)
  }
  const treatedPre = before.map((i) =>
    measure.placeIds.reduce((s, p) => s + ((counts[p] as readonly number[])[i] as number), 0),
  )
  const treatedMean = mean(treatedPre) / measure.placeIds.length
  const score = (placeId: string): ControlChoice => {
    const series = counts[placeId] as readonly number[]
    const pre = before.map((i) => series[i] as number)
    const m = mean(pre)
    const r = correlation(pre, treatedPre)
    return {
      placeId,
      correlation: r,
      levelRatio: treatedMean > 0 ? m / treatedMean : Number.POSITIVE_INFINITY,
      score: r - 0.5 * Math.abs(Math.log((m + 0.5) / (treatedMean + 0.5))),
    }
  }
  const ranked: ControlChoice[] = []
  for (const [placeId, series] of Object.entries(counts)) {
    if (excluded.has(placeId)) continue
    if (before.every((i) => series[i] === 0)) continue
    ranked.push(score(placeId))
  }
  // Ties broken by id so the choice does not depend on object key order.
  ranked.sort((a, b) => b.score - a.score || (a.placeId < b.placeId ? -1 : 1))
  return { ranked, score, overlappingAtTreated }
}
