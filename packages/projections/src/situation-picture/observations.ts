import type {
  ObservationCorrectedData,
  ObservationData,
  ProjectionEvent,
  ReportRetractedData,
  ReportSubmittedData,
} from '../events.js'

/** The current version of one observation, flattened to what the projections count. */
export interface ObservationVersion {
  readonly reportId: string
  readonly observationId: string
  readonly organisationId: string
  readonly placeId: string
  readonly category: string
  readonly occurredOn: string
  readonly count: number
  readonly suspected: boolean
  readonly policeReported: boolean
}

export interface ReportState {
  readonly organisationId: string
  readonly retracted: boolean
  readonly observations: ReadonlyMap<string, ObservationVersion>
}

/** What one report event did: versions that stopped counting and versions that started. */
export interface ObservationEffect {
  readonly removed: readonly ObservationVersion[]
  readonly added: readonly ObservationVersion[]
}

export const versionOf = (
  reportId: string,
  organisationId: string,
  o: ObservationData,
): ObservationVersion => ({
  reportId,
  observationId: o.observationId,
  organisationId,
  placeId: o.placeId,
  category: o.categoryCode,
  occurredOn: o.occurredOn.date,
  count: o.count,
  suspected: o.certainty === 'suspected',
  policeReported: o.policeReported === 'yes',
})

const NONE: ObservationEffect = { removed: [], added: [] }

/**
 * The one place where report events are interpreted, shared by the pure fold and the read-model
 * handler so they cannot disagree on the rules:
 * - a second ReportSubmitted for a known report is ignored (the decider forbids it);
 * - a correction replaces the observation with the same id, or adds it when the report has none;
 * - events after a retraction, and events for unknown reports, change nothing.
 * @param report the report's state before the event (undefined when unknown)
 * @returns the report's state after the event and the observation versions it removed/added
 */
export const applyReportEvent = (
  report: ReportState | undefined,
  event: ProjectionEvent,
): { readonly report: ReportState | undefined; readonly effect: ObservationEffect } => {
  switch (event.type) {
    case 'ReportSubmitted': {
      if (report) return { report, effect: NONE }
      const d = event.data as ReportSubmittedData
      const observations = new Map<string, ObservationVersion>()
      for (const o of d.observations) {
        observations.set(o.observationId, versionOf(d.reportId, d.reporterOrganisationId, o))
      }
      return {
        report: { organisationId: d.reporterOrganisationId, retracted: false, observations },
        effect: { removed: [], added: [...observations.values()] },
      }
    }
    case 'ObservationCorrected': {
      if (!report || report.retracted) return { report, effect: NONE }
      const d = event.data as ObservationCorrectedData
      const next = versionOf(d.reportId, report.organisationId, d.observation)
      const old = report.observations.get(next.observationId)
      const observations = new Map(report.observations)
      observations.set(next.observationId, next)
      return {
        report: { ...report, observations },
        effect: { removed: old ? [old] : [], added: [next] },
      }
    }
    case 'ReportRetracted': {
      if (!report || report.retracted) return { report, effect: NONE }
      return {
        report: { ...report, retracted: true },
        effect: { removed: [...report.observations.values()], added: [] },
      }
    }
    default:
      return { report, effect: NONE }
  }
}

/** The report id a report event is about, or undefined for other events. */
export const reportIdOf = (event: ProjectionEvent): string | undefined =>
  event.type === 'ReportSubmitted' ||
  event.type === 'ObservationCorrected' ||
  event.type === 'ReportRetracted'
    ? (event.data as ReportRetractedData).reportId
    : undefined
