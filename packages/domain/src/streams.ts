import type { DomainEvent } from './events/index.js'

/** The aggregates that own a stream. `config` is the tenant's single configuration stream. */
export type StreamKind =
  | 'report'
  | 'measure'
  | 'problem'
  | 'place'
  | 'organisation'
  | 'survey'
  | 'official'
  | 'config'

/** The configuration stream: cadence, category catalogue, harm weights, status rule, scale. */
export const CONFIG_STREAM_ID = 'config'

/**
 * Stream ids per aggregate, unique within a tenant: `report-<reportId>`, `measure-<measureId>`,
 * `problem-<problemId>`, `place-<placeId>`, `organisation-<organisationId>`,
 * `survey-<waveId>`, `official-<publicationId>` and `config`.
 * @example streamIds.report('r-17') // 'report-r-17'
 */
export const streamIds = {
  report: (reportId: string): string => `report-${reportId}`,
  measure: (measureId: string): string => `measure-${measureId}`,
  problem: (problemId: string): string => `problem-${problemId}`,
  place: (placeId: string): string => `place-${placeId}`,
  organisation: (organisationId: string): string => `organisation-${organisationId}`,
  survey: (waveId: string): string => `survey-${waveId}`,
  official: (publicationId: string): string => `official-${publicationId}`,
  config: (): string => CONFIG_STREAM_ID,
} as const

/**
 * The stream an event belongs to.
 * @param event a domain event (only `type` and `data` are read)
 * @returns the stream id within the event's tenant
 * @example streamIdFor(reportSubmitted) // 'report-<reportId>'
 */
export const streamIdFor = (event: Pick<DomainEvent, 'type' | 'data'>): string => {
  const e = event as DomainEvent
  switch (e.type) {
    case 'PlaceRegistered':
    case 'PlaceChanged':
      return streamIds.place(e.data.placeId)
    case 'OrganisationRegistered':
      return streamIds.organisation(e.data.organisationId)
    case 'ReportingCadenceSet':
    case 'CategoryCatalogueSet':
    case 'HarmWeightsSet':
    case 'StatusRuleSet':
    case 'AssessmentScaleSet':
      return CONFIG_STREAM_ID
    case 'ReportSubmitted':
    case 'ObservationCorrected':
    case 'ReportRetracted':
      return streamIds.report(e.data.reportId)
    case 'ProblemIdentified':
    case 'ProblemAnalysed':
    case 'ProblemClosed':
      return streamIds.problem(e.data.problemId)
    case 'MeasureProposed':
    case 'MeasureDecided':
    case 'MeasureStarted':
    case 'MeasureCompleted':
    case 'MeasureCancelled':
    case 'MeasureEvaluated':
      return streamIds.measure(e.data.measureId)
    case 'SurveyWaveImported':
      return streamIds.survey(e.data.waveId)
    case 'OfficialStatisticsPublished':
      return streamIds.official(e.data.publicationId)
  }
}

const PREFIXES: readonly (readonly [StreamKind, string])[] = [
  ['report', 'report-'],
  ['measure', 'measure-'],
  ['problem', 'problem-'],
  ['place', 'place-'],
  ['organisation', 'organisation-'],
  ['survey', 'survey-'],
  ['official', 'official-'],
]

/**
 * Splits a stream id into its aggregate kind and entity id.
 * @returns undefined for ids that follow no known naming
 * @example parseStreamId('measure-m1') // { kind: 'measure', id: 'm1' }
 */
export const parseStreamId = (streamId: string): { kind: StreamKind; id: string } | undefined => {
  if (streamId === CONFIG_STREAM_ID) return { kind: 'config', id: CONFIG_STREAM_ID }
  for (const [kind, prefix] of PREFIXES) {
    if (streamId.startsWith(prefix) && streamId.length > prefix.length) {
      return { kind, id: streamId.slice(prefix.length) }
    }
  }
  return undefined
}
