// The slices of the API's answers the page reads. The OpenAPI document at /openapi.json is the
// full contract; these mirror the fields used here and nothing more.

export interface Interval {
  readonly lower: number
  readonly upper: number
  readonly level?: number
}

export interface PeriodRange {
  readonly start: string
  readonly end: string
}

export interface Baseline {
  readonly mean: number
  readonly sd: number
  readonly excess: number
  readonly z: number | null
}

export interface PictureCell {
  readonly placeId: string
  readonly category: string
  readonly count: number
  readonly reports: number
  readonly harm: number
  readonly organisations: readonly string[]
  readonly previous: { readonly count: number; readonly difference: number }
  readonly yearAgo: { readonly count: number; readonly difference: number }
  readonly baseline: Baseline
}

export interface PicturePlace {
  readonly placeId: string
  readonly name: string
  readonly parentId: string | null
  readonly count: number
  readonly harm: number
  readonly baseline: Baseline
  readonly statusScore: number
  readonly status: string
}

export interface PictureArea {
  readonly areaId: string
  readonly name: string
  readonly count: number
  readonly harm: number
  readonly statusScore: number
  readonly status: string
}

export interface Measure {
  readonly measureId: string
  readonly title: string
  readonly type: string
  readonly status?: string
  readonly placeIds: readonly string[]
  readonly controlPlaceIds?: readonly string[]
  readonly bufferPlaceIds?: readonly string[]
  readonly targetCategories: readonly string[]
  readonly ownerOrganisationId: string
  readonly startedOn: string | null
  readonly completedOn: string | null
  readonly cancelledOn?: string | null
  readonly verdict?: string | null
  readonly evidenceLevel?: number | null
}

export interface SituationPicture {
  readonly asOf: string
  readonly knownAt: string
  readonly period: PeriodRange
  readonly late: { readonly recordedAfterKnownAt: number; readonly includedAfterPeriodEnd: number }
  readonly totals: { readonly count: number; readonly harm: number; readonly observations: number }
  readonly cells: readonly PictureCell[]
  readonly places: readonly PicturePlace[]
  readonly hotSpots: {
    readonly byCount: readonly string[]
    readonly byHarm: readonly string[]
    readonly byExcess: readonly string[]
  }
  readonly statusRule: {
    readonly basis: string
    readonly windowDays: number
    readonly levels: readonly { readonly status: string; readonly minScore: number }[]
  }
  readonly areas: readonly PictureArea[]
  readonly measures: {
    readonly active: readonly Measure[]
    readonly awaitingEvaluation: readonly Measure[]
  }
  /** The police events feed's observations of the period (first 500, with the total). */
  readonly policeEvents?: {
    readonly total: number
    readonly observations: readonly SourceObservation[]
  }
}

export interface PlaceFeature {
  readonly id: string
  readonly geometry: {
    readonly type: string
    readonly coordinates: unknown
  } | null
  readonly properties: {
    readonly placeId: string
    readonly name: string
    readonly level: string
    readonly parentId: string | null
    readonly count: number
    readonly harm: number
    readonly status: string | null
  }
}

export interface PlacesGeoJson {
  readonly features: readonly PlaceFeature[]
}

export interface Alert {
  readonly placeId: string
  readonly category: string
  readonly observed: number
  readonly expected: number
  readonly qValue: number
}

export interface Alerts {
  readonly alerts: readonly Alert[]
}

export interface TrendPoint {
  readonly start: string
  readonly end: string
  readonly count: number
  readonly byCategory?: Readonly<Record<string, number>>
  readonly bySource?: Readonly<
    Partial<Record<'partners' | 'police-events' | 'police-crimes', number>>
  >
}

export interface OfficialFigure {
  readonly publisher: string
  readonly statisticId: string
  readonly label: string
  readonly areaLabel: string
  readonly year: number
  readonly count: number | null
  readonly ratePer100k: number | null
}

export interface OfficialStatistics {
  readonly figures: readonly OfficialFigure[]
}

export interface SourceObservation {
  readonly reportId: string
  readonly placeId: string
  readonly category: string
  readonly occurredOn: string
  readonly count: number
}

export interface Trend {
  readonly points: readonly TrendPoint[]
}

export interface InsecurityCell {
  readonly areaId: string
  readonly placeId?: string
  readonly year: number
  readonly suppressed: boolean
  readonly n: number | null
  readonly share?: number
  readonly ci?: Interval
}

export interface Insecurity {
  readonly municipalityId: string
  readonly indicator: { readonly indicatorId: string; readonly label: string }
  readonly waves: readonly { readonly waveId: string; readonly year: number }[]
  readonly cells: readonly InsecurityCell[]
  readonly placeVsMunicipality: readonly {
    readonly areaId: string
    readonly year: number
    readonly difference?: number
    readonly ci?: Interval
    readonly pValue?: number
    readonly qValue?: number
    readonly suppressed: boolean
  }[]
  readonly note?: string
}

export interface RatioWithCi {
  readonly estimate: number
  readonly ci: Interval
  readonly pValue?: number
}

export interface Warning {
  readonly code: string
  readonly message: string
  readonly source?: string
}

export interface MeasureEffect {
  readonly measure: Measure
  readonly windows: {
    readonly before: { readonly from: string; readonly to: string; readonly periods: number }
    readonly after: { readonly from: string; readonly to: string; readonly periods: number }
  } | null
  readonly treated: {
    readonly placeIds: readonly string[]
    readonly before: number
    readonly after: number
  }
  readonly controls: {
    readonly places: readonly { readonly placeId: string }[]
    readonly before: number
    readonly after: number
  }
  readonly primary: (RatioWithCi & { readonly estimator: string }) | null
  readonly relativeEffectSize: RatioWithCi | null
  readonly treatedRateRatio: RatioWithCi | null
  readonly controlRateRatio: RatioWithCi | null
  readonly preTrendPlacebo: RatioWithCi | null
  readonly interruptedTimeSeries: { readonly poisson?: RatioWithCi | null } | null
  readonly displacement: {
    readonly wdq?: { readonly estimate: number; readonly interpretation: string } | null
  } | null
  readonly survey: {
    readonly suppressed: boolean
    readonly before?: { readonly year: number; readonly n: number; readonly share: number }
    readonly after?: { readonly year: number; readonly n: number; readonly share: number }
    readonly difference?: number
    readonly ci?: Interval
    readonly pValue?: number
  } | null
  readonly verdict: string
  readonly verdictReason: string
  readonly smsLevel: number | null
  readonly smsReason: string
  readonly warnings: readonly Warning[]
}
