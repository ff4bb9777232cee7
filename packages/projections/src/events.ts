/**
 * The slice of the domain's events the projections read. Declared structurally here so the
 * projections accept any event envelope with these fields (the domain's `DomainEvent`, a stored
 * event with its log position) and ignore event types they do not know.
 */

export interface EventMetadataLike {
  readonly eventId: string
  readonly tenantId: string
  /** Transaction time: when the system learned the fact. `knownAt` cuts on it. */
  readonly recordedAt: string
  readonly actor?: { readonly organisationId: string; readonly role?: string }
}

/** Any event envelope. `position` is the global log position when it comes from the store. */
export interface ProjectionEvent {
  readonly type: string
  readonly data: unknown
  readonly metadata: EventMetadataLike
  readonly position?: bigint | number | string
}

export interface ObservationData {
  readonly observationId: string
  readonly kind?: string
  readonly categoryCode: string
  readonly placeId: string
  readonly occurredOn: { readonly date: string }
  readonly count: number
  readonly certainty: 'observed' | 'suspected'
  readonly policeReported: 'yes' | 'no' | 'unknown'
}

export interface ReportSubmittedData {
  readonly reportId: string
  readonly reporterOrganisationId: string
  readonly observations: readonly ObservationData[]
}

export interface ObservationCorrectedData {
  readonly reportId: string
  readonly observation: ObservationData
}

export interface ReportRetractedData {
  readonly reportId: string
}

export interface PlaceData {
  readonly placeId: string
  readonly name?: string
  readonly level?: string
  readonly kind?: string
  readonly parentId?: string | null
  readonly retired?: boolean
}

export interface CadenceData {
  readonly intervalDays: number
  readonly anchorDate: string
  readonly effectiveFrom: string
}

export interface CatalogueData {
  readonly categories: readonly { readonly code: string; readonly harmWeight: number }[]
}

export interface HarmWeightsData {
  readonly weights: Readonly<Record<string, number>>
  readonly effectiveFrom: string
}

export interface StatusLevel {
  readonly status: 'green' | 'yellow' | 'orange' | 'red'
  readonly minScore: number
}

export interface StatusRule {
  readonly basis: 'count' | 'harm-weighted'
  readonly windowDays: number
  readonly levels: readonly StatusLevel[]
}

export interface StatusRuleData {
  readonly rule: StatusRule
  readonly effectiveFrom: string
}

export interface MeasureEventData {
  readonly measureId: string
  readonly title?: string
  readonly type?: string
  readonly ownerOrganisationId?: string
  readonly placeIds?: readonly string[]
  readonly targetCategories?: readonly string[]
  readonly plannedStart?: string
  readonly plannedEnd?: string
  readonly decidedOn?: string
  readonly startedOn?: string
  readonly completedOn?: string
  readonly cancelledOn?: string
  readonly evaluatedOn?: string
  readonly verdict?: string
}

/** Milliseconds since the epoch of an instant; instants carry offsets, so compare numerically. */
export const instantMs = (instant: string): number => {
  const ms = Date.parse(instant)
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${instant}`)
  return ms
}

export const REPORT_EVENTS = new Set(['ReportSubmitted', 'ObservationCorrected', 'ReportRetracted'])
export const MEASURE_EVENTS = new Set([
  'MeasureProposed',
  'MeasureDecided',
  'MeasureStarted',
  'MeasureCompleted',
  'MeasureCancelled',
  'MeasureEvaluated',
])
export const CONFIG_EVENTS = new Set([
  'ReportingCadenceSet',
  'CategoryCatalogueSet',
  'HarmWeightsSet',
  'StatusRuleSet',
])
