import type { DomainEvent, Observation } from '@lagesbild/domain'
import type { LogEntry } from '../event-log.js'

/** An observation as it stands after all corrections, in a report that was not retracted. */
export type FinalObservation = Observation & { readonly reporterOrganisationId: string }

/**
 * Folds a demo log to the observations that count now, the way a projection would: corrections
 * replace an observation, retractions drop the report. For tests that check planted effects
 * without depending on the projections package.
 * @param log entries in log order
 * @returns the observations with their reporting organisation
 * @example const observations = finalObservations(generateDemo().log)
 */
export const finalObservations = (log: readonly LogEntry[]): FinalObservation[] => {
  const reports = new Map<string, { org: string; observations: Map<string, Observation> }>()
  for (const { event } of log as readonly { event: DomainEvent }[]) {
    if (event.type === 'ReportSubmitted') {
      reports.set(event.data.reportId, {
        org: event.data.reporterOrganisationId,
        observations: new Map(event.data.observations.map((o) => [o.observationId, o])),
      })
    } else if (event.type === 'ObservationCorrected') {
      reports
        .get(event.data.reportId)
        ?.observations.set(event.data.observation.observationId, event.data.observation)
    } else if (event.type === 'ReportRetracted') {
      reports.delete(event.data.reportId)
    }
  }
  return [...reports.values()].flatMap((r) =>
    [...r.observations.values()].map((o) => ({ ...o, reporterOrganisationId: r.org })),
  )
}

/**
 * Counts observations (rows, not their `count`) at places in categories with a valid date in
 * [from, to].
 * @example countWhere(observations, ['gastisparken'], ['vandalism'], '2023-01-01', '2023-12-31')
 */
export const countWhere = (
  observations: readonly FinalObservation[],
  places: readonly string[],
  categories: readonly string[],
  from: string,
  to: string,
): number =>
  observations.filter(
    (o) =>
      places.includes(o.placeId) &&
      categories.includes(o.categoryCode) &&
      o.occurredOn.date >= from &&
      o.occurredOn.date <= to,
  ).length

/**
 * The after/before count ratio at the treated places divided by the same ratio at the controls
 * (a ratio of rate ratios; 1 means no change relative to the controls). A plain estimate for
 * tests, without uncertainty: the analysis package owns the real evaluation.
 * @param input treated and control places, target categories, before and after windows
 * @returns NaN or ±Infinity when a window has no observations
 * @example relativeRateRatio(obs, { treated, controls, categories, before, after }) // ≈ 0.67
 */
export const relativeRateRatio = (
  observations: readonly FinalObservation[],
  input: {
    treated: readonly string[]
    controls: readonly string[]
    categories: readonly string[]
    before: readonly [string, string]
    after: readonly [string, string]
  },
): number => {
  const c = (places: readonly string[], [from, to]: readonly [string, string]) =>
    countWhere(observations, places, input.categories, from, to)
  return (
    c(input.treated, input.after) /
    c(input.treated, input.before) /
    (c(input.controls, input.after) / c(input.controls, input.before))
  )
}
